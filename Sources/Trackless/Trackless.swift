// Trackless
