// Whole messages through the default pipeline (what `trackless filter` runs).
import FuzzSupport
import Trackless

let cleaner = Cleaner()
// As `filter` runs it: counting its changes.
let counting: Cleaner = {
    var options = CleanOptions()
    options.listsFindings = false
    return Cleaner(options: options)
}()
runFuzzer { input in
    checkCleanProperties(cleaner, input, mode: "clean (default)", counting: counting)
}
