// Whole messages through the default pipeline (what `trackless filter` runs).
import FuzzSupport
import Trackless

let cleaner = Cleaner()
runFuzzer { input in
    checkCleanProperties(cleaner, input, mode: "clean (default)")
}
