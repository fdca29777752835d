// Links the Trackless module into the test bundle; the tests live beside this file.
@testable import Trackless
