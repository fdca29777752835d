// TrackerRules
