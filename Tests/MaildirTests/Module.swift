// Links the Maildir module into the test bundle; the tests live beside this file.
@testable import Maildir
