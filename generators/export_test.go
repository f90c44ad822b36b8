package generators

// BridgeID is bridgeID, for the external tests.
var BridgeID = bridgeID
