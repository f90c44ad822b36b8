package review

// DiskSource is diskSource, for the external tests.
var DiskSource = diskSource
