package main

import "vmfleet.dev/vmfleet/tests/controllers/checkutil"

// The report, the stream reader and the fleet reader every checker shares (tests/controllers/checkutil).
type (
	cause  = checkutil.Cause
	result = checkutil.Result
	report = checkutil.Report
	object = checkutil.Object
)

var readStream = checkutil.ReadStream

type fleet = checkutil.Fleet

var readFleet = checkutil.ReadFleet

// The fleet's spec.rollout (fleet.Rollout).
type rollout = checkutil.Rollout
