// Throughput of the HTML load rewriter, built together with the MailHTML sources by
// Benchmarks/html-rewrite/run.sh (so it needs no package target).
#if canImport(Glibc)
    import Glibc
#endif

/// Removes loads whose host contains "tracker"; keeps links.
struct HostPolicy: HTMLPolicy {
    func decide(_ load: RemoteLoad) -> LoadDecision<String> {
        load.url.hasPrefix("https://tracker.") ? .remove("bench") : .keep
    }
    func decideLink(url: String, text: String) -> LinkDecision { .keep }
}

/// A table-layout newsletter of about `bytes` bytes: inline styles everywhere, a style
/// sheet, images in links, a hidden preheader and two pixels at the end.
func newsletter(bytes: Int) -> [UInt8] {
    var html = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;padding:0}.btn{background:#f60 url(https://cdn.shop.example/btn.png);color:#fff}@media screen and (max-width:600px){.col{width:100%!important}}</style></head>
        <body style="margin:0;padding:0;background-color:#f4f4f4"><div style="display:none;max-height:0;overflow:hidden">Preheader text</div>

        """
    var i = 0
    while html.utf8.count < bytes - 600 {
        i += 1
        html += """
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center" style="width:600px;background:#ffffff">
            <tr><td class="col" style="padding:20px 30px;font-family:Arial,sans-serif;font-size:16px;line-height:24px;color:#333333" valign="top">
            <a href="https://click.shop.example/ls/click?upn=abc\(i)def&amp;x=1" target="_blank" style="color:#0066cc;text-decoration:none"><img src="https://images.shop.example/img/\(i).jpg" width="540" height="200" alt="Product \(i)" style="display:block;border:0;width:100%;height:auto"></a>
            <p style="margin:0 0 10px 0">Lorem ipsum dolor sit amet, consectetur adipiscing elit &mdash; sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Item \(i).</p>
            </td></tr></table>

            """
    }
    html += "<img src=\"https://tracker.example/open?u=1&amp;e=2\" width=\"1\" height=\"1\" alt=\"\"><img src=\"https://email.shop.example/wf/open?upn=x\" width=\"1\" height=\"1\"></body></html>\n"
    return Array(html.utf8)
}

/// CPU time of this process: on a shared machine, wall time mostly measures the others.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// `HTML_BENCH_ONLY=word` runs only the measurements whose label contains it (for profiling).
let only = getenv("HTML_BENCH_ONLY").map { String(cString: $0) }

/// Runs `body` in batches of about 50 ms for about a second (after a warm-up) and
/// prints MB/s of the fastest batch and of all of them: on a shared virtual machine the
/// fastest batch is the least disturbed measure of the code itself.
func measure(_ label: String, bytes: Int, _ body: () -> Void) {
    if let only, !label.contains(only) { return }
    for _ in 0..<3 { body() }
    var runs = 0
    var best = Double.infinity
    let start = now()
    repeat {
        let batchStart = now()
        var batchRuns = 0
        repeat {
            body()
            batchRuns += 1
        } while now() - batchStart < 0.05
        best = min(best, (now() - batchStart) / Double(batchRuns))
        runs += batchRuns
    } while now() - start < 1.0
    let average = (now() - start) / Double(runs)
    func rate(_ seconds: Double) -> Double { (Double(bytes) / seconds / 1e5).rounded() / 10 }
    print("\(label): \(rate(best)) MB/s best batch (\((best * 1e6).rounded() / 1000) ms per run), \(rate(average)) MB/s overall (\(runs) runs)")
}

let input = CommandLine.arguments.count > 1
    ? (try? readFile(CommandLine.arguments[1])) ?? newsletter(bytes: 100_000) : newsletter(bytes: 100_000)

func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { return [] }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return bytes
}

print("== \(input.count) bytes of HTML")
measure("tokenize only", bytes: input.count) {
    var tokenizer = HTMLTokenizer(input)
    var count = 0
    while tokenizer.next() != nil { count += 1 }
    precondition(count > 0)
}
measure("tokenize only, raw tokens (as the rewriter reads them)", bytes: input.count) {
    var tokenizer = HTMLTokenizer(input)
    var count = 0
    while tokenizer.nextRaw() != nil { count += 1 }
    precondition(count > 0)
}
measure("collect loads and links (tokenize + CSS, no decisions)", bytes: input.count) {
    input.withUnsafeBufferPointer { buffer in
        var collector = LoadCollector(input: buffer, array: input[...], options: HTMLRewriteOptions())
        collector.run()
        precondition(!collector.sites.isEmpty)
    }
}
let policy = HostPolicy()
measure("rewrite (tokenize + CSS + policy + splice)", bytes: input.count) {
    _ = rewriteHTML(input, policy: policy)
}
measure("rewrite, strict", bytes: input.count) {
    _ = rewriteHTML(input, policy: policy, options: HTMLRewriteOptions(strict: true))
}
let result = rewriteHTML(input, policy: policy)
print("   findings: \(result.findings.count), removed: \(result.findings.filter { $0.action == .removed }.count), output: \(result.output?.count ?? input.count) bytes")

var css: [UInt8] = []
let rule = Array("td.c{color:#333;background:url(https://img.example/a.png) no-repeat;padding:0 /* c */}\n".utf8)
while css.count < 10 << 20 { css += rule }
measure("CSS load scan, 10 MB style sheet", bytes: css.count) {
    precondition(!CSSLoadScanner.scanStylesheet(css).loads.isEmpty)
}
