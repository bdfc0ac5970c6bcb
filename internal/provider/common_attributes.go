package provider

import "time"

// defaultMaintenanceDuration is arangod's "on": an hour.
const defaultMaintenanceDuration = "1h"

// defaultMaintenanceTimeout bounds waiting for the Supervision to switch;
// arangod itself gives up after 120 s.
const defaultMaintenanceTimeout = 5 * time.Minute
