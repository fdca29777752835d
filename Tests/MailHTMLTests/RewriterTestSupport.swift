import Foundation
import MailHTML

/// The host of an absolute URL (lowercased), or "".
func testHost(_ url: String) -> String {
    guard let schemeEnd = url.range(of: "://") else { return "" }
    let rest = url[schemeEnd.upperBound...]
    let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
    var host = rest[..<end]
    if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
    if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
    return host.lowercased()
}

/// A stand-in for the real rules, for tests only:
/// - a load whose host contains `tracker` is removed;
/// - a load whose URL has `utm_` parameters is replaced by the URL without its query;
/// - a link to `click.example` with a `url=` parameter is replaced by that parameter,
///   percent-decoded.
/// What the test policy says about a load it removes or replaces.
struct TestNote: Sendable, Equatable {
    var vendor: String?
    var rule: String
}

final class TestPolicy: HTMLPolicy, @unchecked Sendable {
    private let lock = NSLock()
    private var _asked: [RemoteLoad] = []
    private var _askedLinks: [(url: String, text: String)] = []

    var asked: [RemoteLoad] { lock.withLock { _asked } }
    var askedLinks: [(url: String, text: String)] { lock.withLock { _askedLinks } }

    func decide(_ load: RemoteLoad) -> LoadDecision<TestNote> {
        lock.withLock { _asked.append(load) }
        if testHost(load.url).contains("tracker") {
            return .remove(TestNote(vendor: "Test Tracker", rule: "host:tracker"))
        }
        if load.url.contains("utm_"), let query = load.url.firstIndex(of: "?") {
            return .replace(
                url: String(load.url[..<query]),
                TestNote(rule: "param:utm"))
        }
        return .keep
    }

    func decideLink(url: String, text: String) -> LinkDecision {
        lock.withLock { _askedLinks.append((url, text)) }
        guard testHost(url) == "click.example", let components = URLComponents(string: url),
            let destination = components.queryItems?.first(where: { $0.name == "url" })?.value
        else { return .keep }
        return .replace(url: destination)
    }
}

/// Runs the rewriter on a string; returns the output (the input when unchanged).
func rewrite(_ html: String, strict: Bool = false, baseURL: String? = nil, policy: TestPolicy = TestPolicy())
    -> (html: String, result: HTMLRewriteResult<TestNote>)
{
    let bytes = Array(html.utf8)
    let result = rewriteHTML(bytes, policy: policy, options: HTMLRewriteOptions(strict: strict, baseURL: baseURL))
    return (String(decoding: result.output ?? bytes, as: UTF8.self), result)
}
