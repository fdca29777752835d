// Whole messages through the strict pipeline (`--strict`: every remote load goes).
import FuzzSupport
import Trackless

let cleaner: Cleaner = {
    var options = CleanOptions()
    options.strict = true
    return Cleaner(options: options)
}()
runFuzzer { input in
    checkCleanProperties(cleaner, input, mode: "clean (strict)")
}
