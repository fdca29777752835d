// Whole messages through the strict pipeline (`--strict`: every remote load goes).
import FuzzSupport
import Trackless

let cleaner: Cleaner = {
    var options = CleanOptions()
    options.strict = true
    return Cleaner(options: options)
}()
// As `filter --strict` runs it: counting its changes.
let counting: Cleaner = {
    var options = cleaner.options
    options.listsFindings = false
    return Cleaner(options: options)
}()
runFuzzer { input in
    checkCleanProperties(cleaner, input, mode: "clean (strict)", counting: counting)
}
