import Testing
import Trackless

// Default mode judges every load by what a reader can see on a desktop, a phone or in
// Outlook. Two costs, tested both ways: a tracker kept, and content lost.

private func cleaned(_ html: String, sender: String? = "news@shop.example") -> (String, [Finding]) {
    let (output, findings) = Cleaner().cleanHTML(Array(html.utf8), sender: sender)
    return (output.map { String(decoding: $0, as: UTF8.self) } ?? html, findings)
}

private let pixel = "https://pixel.unknown-tracker.example/o/ab12.gif"

// MARK: Trackers kept before: invisible everywhere, whatever the URL

@Test(arguments: [
    #"<img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    #"<img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="0" height="0">"#,
    #"<IMG SRC=https://pixel.unknown-tracker.example/o/ab12.gif WIDTH=1 HEIGHT=1>"#,
    #"<img src="https://pixel.unknown-tracker.example/o/ab12.gif" style="width:1px;height:1px">"#,
    #"<img src="https://pixel.unknown-tracker.example/o/ab12.gif" style="display:none">"#,
    #"<img src="https://pixel.unknown-tracker.example/o/ab12.gif" style="visibility:hidden">"#,
    #"<img src="https&#x3a;//pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    #"<img srcset="https://pixel.unknown-tracker.example/o/ab12.gif 1x" width="1" height="1">"#,
    #"<picture><source srcset="https://pixel.unknown-tracker.example/o/ab12.gif"><img src="cid:x" width="1" height="1"></picture>"#,
    #"<html><body><p>Hi</p></body></html><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    #"<input type="image" src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    #"<div style="width:1px;height:1px;background:url(https://pixel.unknown-tracker.example/o/ab12.gif)"></div>"#,
    #"<div style="max-height:0;overflow:hidden"><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="600" height="300"></div>"#,
    #"<div style="opacity:0"><img src="https://pixel.unknown-tracker.example/o/ab12.gif"></div>"#,
    #"<div style="position:absolute;left:-9999px"><img src="https://pixel.unknown-tracker.example/o/ab12.gif"></div>"#,
    #"<div hidden><img src="https://pixel.unknown-tracker.example/o/ab12.gif"></div>"#,
    #"<style>img#stats{display:none}</style><img id="stats" src="https://pixel.unknown-tracker.example/o/ab12.gif">"#,
    #"<style>.displaynone{display:none !important}</style><img class="displaynone" src="https://pixel.unknown-tracker.example/o/ab12.gif">"#,
    #"<style>div.wrap > span img{visibility:hidden}</style><div class="wrap"><span><img src="https://pixel.unknown-tracker.example/o/ab12.gif"></span></div>"#,
    #"<style>@media print{.p{background:url(https://pixel.unknown-tracker.example/o/ab12.gif)}}</style><div class="p">x</div>"#,
    #"<style>.never{background:url(https://pixel.unknown-tracker.example/o/ab12.gif)}</style><p>no element has the class</p>"#,
    #"<!--[if mso]><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1"><![endif]-->"#,
    #"<!--[if mso]><div style="mso-hide:all"><img src="https://pixel.unknown-tracker.example/o/ab12.gif"></div><![endif]-->"#,
    // Rules a browser drops (no selector list at all) size nothing up.
    #"<style>{width:auto !important;height:auto !important}</style><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    #"<style>img, {width:auto !important;height:auto !important}</style><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    #"<style>url(https://cdn.shop.example/brand.css) img{width:auto !important;height:auto !important}</style><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    #"<style>"img"{width:40px !important;height:40px !important}</style><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#,
    // Declarations a browser drops (a URL or a string where a length goes) set no size.
    #"<style>img{width:url(https://cdn.shop.example/a.png)}</style><img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1">"#,
    #"<img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" style="width:'600px'">"#,
])
func invisibleLoadIsRemovedWhateverItsURL(html: String) {
    let (output, findings) = cleaned(html)
    #expect(!output.contains("unknown-tracker.example"), "kept: \(output)")
    #expect(findings.contains { $0.action == .removed })
}

@Test func baseMakingARelativePixelRemoteIsRemoved() {
    let (output, _) = cleaned(#"<base href="https://pixel.unknown-tracker.example/"><img src="o/ab12.gif" width="1" height="1">"#)
    #expect(!output.contains("ab12.gif"))
}

@Test func repeatedPixelIsStillAPixel() {
    let html = String(repeating: #"<img src="https://pixel.unknown-tracker.example/o/ab12.gif" width="1" height="1">"#, count: 5)
    let (output, _) = cleaned(html)
    #expect(!output.contains("unknown-tracker.example"))
}

@Test func namedVendorPixelGoesAtAnySize() {
    let html = #"<img alt="" border="0" src="https://link.news.shop.example/img/5e7a9c1b2d3f4a5b6c7d8e9f0a1b2c3d/ab12cd34.gif">"#
    let (output, findings) = cleaned(html)
    #expect(!output.contains("/img/5e7a"), "kept: \(output)")
    #expect(findings.contains { $0.vendor == "Sailthru" })
}

@Test func matomoPixelWithoutSizeIsNamed() {
    let html = #"<img src="https://stats.shop.example/piwik.php?idsite=1&amp;rec=1&amp;action_name=Newsletter">"#
    let (output, findings) = cleaned(html)
    #expect(!output.contains("piwik.php"))
    #expect(findings.contains { $0.vendor?.contains("Matomo") == true })
}

// MARK: Content lost before: visible in some context, so kept

@Test func mobileOnlyBlockShownByMediaQueryIsKept() {
    let html = """
        <style>@media only screen and (max-width:640px){.mobileHelper{display:table !important;width:100% !important}}</style>
        <table class="mobileHelper" style="display:none"><tr><td><img src="https://img.shop.example/c/9f8e7d6c5b4a39281706f5e4d3c2b1a0/mobile-hero.jpg" width="320" height="200"></td></tr></table>
        """
    let (output, _) = cleaned(html)
    #expect(output.contains("mobile-hero.jpg"))
}

@Test func desktopOnlyBlockHiddenOnPhonesIsKept() {
    let html = """
        <style>@media (max-width:600px){.desktop{display:none !important}}</style>
        <div class="desktop"><img src="https://img.shop.example/c/9f8e7d6c5b4a39281706f5e4d3c2b1a0/desktop.jpg" width="600" height="200"></div>
        """
    #expect(cleaned(html).0.contains("desktop.jpg"))
}

@Test func zeroSizedImageResizedByAClassIsKept() {
    let html = """
        <style>.webonly{width:100% !important;height:auto !important}</style>
        <img class="webonly" width="0" height="0" src="https://img.shop.example/c/9f8e7d6c5b4a39281706f5e4d3c2b1a0/web.jpg">
        """
    #expect(cleaned(html).0.contains("web.jpg"))
}

@Test(arguments: [
    #"<!--[if mso]><div style="display:none"><![endif]-->"#,
    #"<!--[if mso]><span style="display:none"><![endif]-->"#,
    #"<!--[if gte mso 9]><table><tr><td style="display:none"><![endif]-->"#,
])
func outlookOnlyWrapperHidesNothingElsewhere(prefix: String) {
    let html = prefix + #"<p><img src="https://img.shop.example/c/9f8e7d6c5b4a39281706f5e4d3c2b1a0/banner.jpg" width="600" height="200"></p></div>"#
    #expect(cleaned(html).0.contains("banner.jpg"), "lost behind \(prefix)")
}

@Test func hiddenByDefaultShownByADescendantRuleIsKept() {
    let html = """
        <style>.show img{display:block}</style>
        <div class="show"><img style="display:none" src="https://img.shop.example/a.jpg" width="600" height="200"></div>
        <style>.on{display:block}</style><img hidden class="on" src="https://img.shop.example/b.jpg" width="600" height="200">
        """
    let (output, _) = cleaned(html)
    // An inline style beats the class rule: a.jpg is hidden everywhere; b.jpg's hidden
    // attribute is only the UA's display:none, which the rule overrides.
    #expect(!output.contains("a.jpg"))
    #expect(output.contains("b.jpg"))
}

@Test func unsupportedSelectorNeverHides() {
    let html = """
        <style>.x:hover img, u + .body .gmail img{display:none}</style>
        <div class="x"><img src="https://img.shop.example/hover.jpg" width="600" height="200"></div>
        """
    #expect(cleaned(html).0.contains("hover.jpg"))
}

@Test func aValidSelectorBeyondTheModelMaySizeAnImageUp() {
    // Unlike a rule with no selector at all, this one applies in a browser: the 1x1 image
    // may show at its own size, so it stays.
    let html = """
        <style>td:is(.hero, .banner) img{width:auto !important;height:auto !important}</style>
        <table><tr><td class="hero"><img src="https://img.shop.example/banner.jpg" width="1" height="1"></td></tr></table>
        """
    #expect(cleaned(html).0.contains("banner.jpg"))
}

@Test func visibleChildOfAHiddenParentIsKept() {
    let html = #"<div style="visibility:hidden"><img style="visibility:visible" src="https://img.shop.example/v.jpg" width="600" height="200"></div>"#
    #expect(cleaned(html).0.contains("v.jpg"))
}

@Test func outlookOnlyImageIsKeptWhenOutlookShowsIt() {
    let html = #"<!--[if mso]><img src="https://img.shop.example/outlook-header.png" width="600" height="120"><![endif]-->"#
    #expect(cleaned(html).0.contains("outlook-header.png"))
}

@Test func darkModeSwapIsKept() {
    let html = """
        <style>.dark{display:none}@media (prefers-color-scheme: dark){.dark{display:block !important}}</style>
        <img class="dark" src="https://img.shop.example/logo-dark.png" width="200" height="60">
        """
    #expect(cleaned(html).0.contains("logo-dark.png"))
}

// MARK: Non-image loads

@Test func thirdPartyStylesheetsAndFontsGoFirstPartyStays() {
    let html = """
        <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">
        <link rel="stylesheet" href="https://static.shop.example/mail.css">
        <style>@import url(https://cdn.unknown.example/x.css); @font-face{font-family:X;src:url(https://fonts.unknown.example/x.woff2)}</style>
        """
    let (output, findings) = cleaned(html)
    #expect(!output.contains("fonts.googleapis.com"))
    #expect(!output.contains("cdn.unknown.example"))
    #expect(!output.contains("fonts.unknown.example"))
    #expect(output.contains("static.shop.example/mail.css"))
    #expect(findings.contains { $0.rule == "policy/third-party-stylesheet" })
}

// MARK: The report says which context decided

@Test func findingsSayWhereALoadWasSeen() {
    let (_, findings) = cleaned(#"<div style="display:none"><img src="https://pixel.unknown-tracker.example/o/ab12.gif"></div>"#)
    let visibility = findings.first { $0.action == .removed }?.visibility
    #expect(visibility?.contains("invisible everywhere") == true)
    #expect(visibility?.contains("display:none") == true)
}

// MARK: Media and shared declarations

@Test func audioWithoutControlsIsRemoved() {
    let (output, findings) = cleaned(#"<audio src="https://media.unknown-tracker.example/o/ab12.mp3"></audio>"#)
    #expect(!output.contains("ab12.mp3"))
    #expect(findings.first?.visibility?.contains("no controls") == true)
}

@Test func playableMediaStaysButLoadsNothingUntilPlayed() {
    let (output, _) = cleaned(#"<video controls src="https://media.shop.example/spring.mp4" width="600" height="340"></video>"#)
    #expect(output == #"<video controls src="https://media.shop.example/spring.mp4" width="600" height="340" preload="none"></video>"#)
    let (again, _) = cleaned(#"<audio controls preload="auto" src="https://media.shop.example/a.mp3"></audio>"#)
    #expect(again == #"<audio controls preload="none" src="https://media.shop.example/a.mp3"></audio>"#)
}

@Test func videoWithoutControlsKeepsItsPosterAndLosesItsSource() {
    let html = #"<video src="https://media.shop.example/loop.mp4" poster="https://img.shop.example/poster.jpg" width="600" height="340"></video>"#
    let (output, _) = cleaned(html)
    #expect(output.contains("poster.jpg"))
    #expect(!output.contains("loop.mp4"))
}

@Test func contentLayerBesideARemovedPixelStays() {
    let html = #"<div style="background:url(https://cdn.shop.example/img/texture.png) repeat, url(https://r21.rs6.net/on.jsp?ca=layer&amp;a=1) no-repeat;height:20px">x</div>"#
    let (output, _) = cleaned(html)
    #expect(output.contains("texture.png"))
    #expect(!output.contains("rs6.net"))
    #expect(output.contains(#"url('')"#) || output.contains(#"url("")"#))
}

@Test func invisibleImageThatTakesRoomLeavesAnEmptyBoxOfItsSize() {
    let (output, _) = cleaned(#"<td><img src="https://img.unknown.example/x/banner.jpg" width="600" height="120" style="visibility:hidden"></td>"#)
    #expect(output == #"<td><span style="display:inline-block;width:600px;height:120px"></span></td>"#)
    let (pixel, _) = cleaned(#"<td><img src="https://img.unknown.example/x/p.gif" width="1" height="1"></td>"#)
    #expect(pixel == "<td></td>")
}
