import MailHTML
import Testing

/// Whether each load the policy is asked about is hidden, in document order.
private func hiddenFlags(_ html: String) -> [Bool] {
    let policy = TestPolicy()
    _ = rewrite(html, policy: policy)
    return policy.asked.map(\.hidden)
}

/// The tree builder's rules for misnested and misplaced markup, where they decide whether
/// an image sits in a hidden element. Each case is a browser vector too (147-154), where
/// Chromium's DOM is the judge; the last image of each case is outside everything.
@Suite struct TreeBuilderRuleTests {
    private let image = #"<img src="https://img.example/a.png" width="600" height="300">"#
    private let after = #"<img src="https://img.example/z.png" width="600" height="300">"#

    @Test func endTagStopsAtASpecialElement() {
        // `</span>` meets the div first: ignored, the image stays in the hidden span.
        #expect(hiddenFlags(#"<span style="display:none"><div></span>\#(image)</div></span>\#(after)"#) == [true, false])
        // Without the div, the span closes.
        #expect(hiddenFlags(#"<span style="display:none"><i></span>\#(image)"#) == [false])
    }

    @Test func endTagsInScopeStopAtCellsAndTables() {
        // A span, a formatting element, a div: none of their end tags reaches past a cell.
        for open in ["span", "b", "div"] {
            let html = #"<\#(open) style="display:none"><table><tr><td></\#(open)>\#(image)</td></tr></table></\#(open)>\#(after)"#
            #expect(hiddenFlags(html) == [true, false], "\(open)")
        }
        // Out of the table, `</b>` closes its element again.
        #expect(hiddenFlags(#"<b style="display:none"><table><tr><td></td></tr></table></b>\#(image)"#) == [false])
    }

    @Test func bodyAndHTMLEndTagsCloseNothing() {
        #expect(hiddenFlags(#"<div style="display:none"></body>\#(image)"#) == [true])
        #expect(hiddenFlags(#"<div style="display:none"></body></html>\#(image)"#) == [true])
    }

    @Test func contentBetweenRowsIsFosterParented() {
        // Before the rows, after them, and in a section: the image goes before the table.
        #expect(hiddenFlags(#"<table style="display:none">\#(image)<tr><td>x</td></tr></table>"#) == [false])
        #expect(hiddenFlags(#"<table style="display:none"><tr><td>x</td></tr>\#(image)</table>"#) == [false])
        #expect(hiddenFlags(#"<table style="display:none"><tbody><tr>\#(image)<td>x</td></tr></tbody></table>"#) == [false])
        // Into the table's parent: a hidden one still hides it.
        #expect(hiddenFlags(#"<div style="display:none"><table>\#(image)</table></div>\#(after)"#) == [true, false])
        // In a cell, nothing is fostered.
        #expect(hiddenFlags(#"<table style="display:none"><tr><td>\#(image)</td></tr></table>"#) == [true])
        // A fostered element holds what follows it until table markup closes it.
        #expect(hiddenFlags(#"<table><span style="display:none">\#(image)<tr><td>\#(after)</td></tr></table>"#) == [true, false])
    }

    @Test func divEndTagInATableIsIgnored() {
        // `</div>` cannot reach the div around the table; the image is fostered into it.
        let html = #"<div style="display:none"><table><tr><td>x</td></tr></div>\#(image)</table></div>\#(after)"#
        #expect(hiddenFlags(html) == [true, false])
    }

    @Test func outlookOnlyMarkupKeepsThePlainRules() {
        // Word's parser is no HTML5 tree builder: in a conditional comment the end tag closes
        // its element as before, and a table fosters nothing.
        let html = #"<!--[if mso]><span style="display:none"><div></span>\#(image)<![endif]-->"#
        let policy = TestPolicy()
        _ = rewrite(html, policy: policy)
        #expect(policy.asked.count == 1)
        #expect(policy.asked.first?.visibility.outlook == .visible)
    }
}

/// The list of active formatting elements: a formatting element closed without its end
/// tag is opened again, as a copy with its attributes, where content follows.
@Suite struct ActiveFormattingTests {
    private let image = #"<img src="https://img.example/a.png" width="600" height="300">"#

    @Test func closedFormattingElementIsReopened() {
        // In the next paragraph, and in a block after whitespace (the copy holds the block).
        #expect(hiddenFlags(#"<p><font style="display:none">x</p><p>\#(image)</p>"#) == [true])
        #expect(hiddenFlags("<p><font style=\"display:none\">x</p>\n<div>\(image)</div>") == [true])
        // A link reopens too.
        #expect(hiddenFlags(#"<p><a href="https://x.example/" style="display:none">x</p><p>\#(image)</p>"#) == [true])
    }

    @Test func endTagOrANewLinkTakesItOffTheList() {
        // `</b>` after the paragraph closed it: off the list, nothing reopened.
        #expect(hiddenFlags(#"<p><b style="display:none">x</p></b><p>\#(image)</p>"#) == [false])
        #expect(hiddenFlags(#"<p><b style="display:none">x</b></p><p>\#(image)</p>"#) == [false])
        // A new `<a>` ends the one before it.
        #expect(hiddenFlags(#"<p><a href="https://x.example/" style="display:none">x</p><p><a href="https://y.example/">y</a>\#(image)</p>"#) == [false])
    }

    @Test func cellsAreMarkers() {
        // What a cell opened is not reopened past the cell's end.
        #expect(hiddenFlags(#"<table><tr><td><b style="display:none">x</td><td>\#(image)</td></tr></table>"#) == [false])
    }

    @Test func threeCopiesOfOneElementAtMost() {
        // Four identical `<b>` after a hidden one: browsers keep three identical entries, so
        // the earliest identical one goes, the hidden one stays and is reopened.
        let html = #"<p><b style="display:none"><b><b><b><b>x</p><p>\#(image)</p>"#
        #expect(hiddenFlags(html) == [true])
    }
}

/// A formatting element's end tag with special elements opened inside it: they leave it,
/// and what follows goes on in them.
@Suite struct AdoptionAgencyTests {
    private let image = #"<img src="https://img.example/a.png" width="600" height="300">"#

    @Test func whatFollowsStaysInTheSpecialElement() {
        // The hidden div stays open after `</b>`, and holds the image.
        #expect(hiddenFlags(#"<b><div style="display:none">x</b>\#(image)</div>"#) == [true])
        // And a paragraph inside it too.
        #expect(hiddenFlags(#"<b><div style="display:none"><p>x</b>\#(image)</div>"#) == [true])
    }

    @Test func whatFollowsLeavesTheFormattingElement() {
        // The hidden b no longer holds what follows its end tag; what it held before still is.
        #expect(hiddenFlags(#"<b style="display:none"><div>\#(image)</b>\#(image)</div>"#) == [true, false])
        // A span between is no special element: it goes, and hides nothing after.
        #expect(hiddenFlags(#"<b><div><span style="display:none">x</b>\#(image)</div>"#) == [false])
    }
}

/// The document's mode, headings, and table parts outside tables.
@Suite struct DocumentModeTests {
    private let image = #"<img src="https://img.example/a.png" width="600" height="300">"#

    @Test func tableClosesAParagraphOutsideQuirksMode() {
        let body = #"<p style="display:none">Preheader<table><tr><td>\#(image)</td></tr></table>"#
        // No-quirks and limited-quirks documents: the table closes the hidden paragraph.
        #expect(hiddenFlags("<!DOCTYPE html>" + body) == [false])
        let xhtml = #"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">"#
        #expect(hiddenFlags(xhtml + body) == [false])
        // Quirks mode: no doctype, an old one, or a doctype after the content.
        #expect(hiddenFlags(body) == [true])
        #expect(hiddenFlags(#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">"# + body) == [true])
        #expect(hiddenFlags("<p>x</p><!DOCTYPE html>" + body) == [true])
    }

    @Test func headingClosesTheHeadingItOpensIn() {
        #expect(hiddenFlags(#"<h1 style="display:none">Pre<h2>Title</h2>\#(image)"#) == [false])
        #expect(hiddenFlags(#"<h1 style="display:none">Pre<span><h2>Title</h2>\#(image)"#) == [true])
    }

    @Test func tablePartsOutsideTablesMakeNoElement() {
        #expect(hiddenFlags(#"<td style="display:none">\#(image)"#) == [false])
        #expect(hiddenFlags(#"<div style="display:none"><tr><td>\#(image)"#) == [true])
        #expect(hiddenFlags(#"<table><tr><td style="display:none">\#(image)</td></tr></table>"#) == [true])
    }
}

/// More of the tree builder's rules, found by comparing random tag soup with html5lib's
/// tree builder (`scripts/tree-oracle.py`).
@Suite struct TreeOracleFindingTests {
    private let image = #"<img src="https://img.example/a.png" width="600" height="300">"#

    @Test func headingEndTagClosesAnyHeading() {
        #expect(hiddenFlags(#"<h2 style="display:none">Pre</h1>\#(image)"#) == [false])
    }

    @Test func listItemsCloseAParagraphButNotASpecialElement() {
        #expect(hiddenFlags(#"<p style="display:none">x<li>\#(image)"#) == [false])
        // The open dd is not closed past the h2 (special, and neither div, address nor p).
        #expect(hiddenFlags(#"<dl><dd><h2 style="display:none">x<dd>\#(image)"#) == [true])
        #expect(hiddenFlags(#"<dl><dd style="display:none"><div>x<dd>\#(image)"#) == [false])
    }

    @Test func listItemEndTagReachesPastADefinitionList() {
        // The list item scope ends at ol and ul only: `</li>` closes the hidden dl inside the
        // item, and the item (vector 164).
        #expect(hiddenFlags(#"<ul><li><dl style="display:none"><dt>x</li>\#(image)"#) == [false])
        // A ul inside the item is a boundary: `</li>` is ignored, the image stays hidden.
        #expect(hiddenFlags(#"<ul><li><ul style="display:none"><b>x</li>\#(image)"#) == [true])
    }

    @Test func linkStartTagRunsTheAdoptionAgency() {
        // The hidden div leaves the first link and stays open; the second link and its image
        // go in it (vector 165).
        let link = #"<a href="https://shop.example/b">"#
        #expect(hiddenFlags(#"<a href="https://shop.example/a"><div style="display:none">x\#(link)\#(image)"#) == [true])
        // A hidden first link: the div leaves it, and what follows is outside it (166).
        #expect(hiddenFlags(#"<a href="https://shop.example/a" style="display:none"><div>x\#(link)\#(image)"#) == [false])
        // With no special element inside it, the open link closes as before.
        #expect(hiddenFlags(#"<a href="https://shop.example/a" style="display:none"><span>x\#(link)\#(image)"#) == [false])
        // A link opened before a cell is behind the cell's marker: nothing closes, and the
        // hidden span in the cell still holds the image.
        let cell = #"<a href="https://shop.example/a"><table><tr><td><span style="display:none">x\#(link)\#(image)"#
        #expect(hiddenFlags(cell) == [true])
    }

    @Test func captionClosesWhatIsOpenInItsTable() {
        // The hidden cell closes, with its row and section; the caption opens in the table
        // (vector 167).
        #expect(hiddenFlags(#"<table><tr><td style="display:none">x<caption>\#(image)"#) == [false])
        // An earlier hidden caption closes too.
        #expect(hiddenFlags(#"<table><caption style="display:none">x<caption>\#(image)"#) == [false])
        // A hidden caption holds what is written in it.
        #expect(hiddenFlags(#"<table><tr><td>x<caption style="display:none">\#(image)"#) == [true])
    }

    @Test func tablePartsCloseAnOpenCaption() {
        // The row and cell close the hidden caption and open in the table (vector 168).
        #expect(hiddenFlags(#"<table><caption style="display:none">x<tr><td>\#(image)"#) == [false])
        // A table in a caption is in it.
        #expect(hiddenFlags(#"<table><caption style="display:none">x<table><tr><td>\#(image)"#) == [true])
    }

    @Test func rowAndTbodyEndTagsCloseTheRowsAndSectionsATableMade() {
        // A cell written straight in a table is in a row and a tbody the tree builder made:
        // `</tbody>` and `</tr>` close them with the hidden cell, and the image is fostered
        // out of the table (vectors 170, 171).
        #expect(hiddenFlags(#"<table><td style="display:none">x</tbody>\#(image)</table>"#) == [false])
        #expect(hiddenFlags(#"<table><td style="display:none">x</tr>\#(image)</table>"#) == [false])
        #expect(hiddenFlags(#"<table><tbody><td style="display:none"><span>x</tr>\#(image)</table>"#) == [false])
        #expect(hiddenFlags(#"<table><tr><td style="display:none">x</tbody>\#(image)</table>"#) == [false])
        // The section made is a tbody: `</thead>` is ignored (vector 172), and so is
        // `</tbody>` in a thead; in a caption neither closes anything.
        #expect(hiddenFlags(#"<table><td style="display:none">x</thead>\#(image)</table>"#) == [true])
        #expect(hiddenFlags(#"<table><thead><td style="display:none">x</tbody>\#(image)</table>"#) == [true])
        #expect(hiddenFlags(#"<table><caption style="display:none">x</tr>\#(image)</table>"#) == [true])
        // What they let go is fostered before the table: a hidden table does not hold it.
        #expect(hiddenFlags(#"<table style="display:none"><td>x</tbody>\#(image)</table>"#) == [false])
    }

    @Test func formattingReopenedInATableIsFostered() {
        // The hidden b, closed by the row, is reopened by the text between the rows, out
        // of the table; the image written after it goes into that copy (vector 169).
        let html = #"<table><b style="display:none"><tr><td>x</td></tr>Members\#(image)</table>"#
        #expect(hiddenFlags(html) == [true])
        // Whitespace between the rows stays in the table and reopens nothing, but an image
        // fostered there reopens the b itself (Chromium's DOM puts it in the hidden copy).
        let spaced = #"<table><b style="display:none"><tr><td>x</td></tr>\n \#(image)</table>"#
        #expect(hiddenFlags(spaced) == [true])
        // In the next cell the b is behind the cell's marker: not reopened there.
        let nextRow = #"<table><b style="display:none"><tr><td>x</td></tr>\n<tr><td>\#(image)</table>"#
        #expect(hiddenFlags(nextRow) == [false])
        // A hidden table does not hide the copy fostered out of it.
        let hiddenTable = #"<table style="display:none"><b><tr><td>x</td></tr>Members\#(image)</table>"#
        #expect(hiddenFlags(hiddenTable) == [false])
    }

    @Test func strayCaptionMakesNoElement() {
        #expect(hiddenFlags(#"<caption style="display:none">\#(image)"#) == [false])
    }

    @Test func tableStartTagInATableClosesIt() {
        // The fostered hidden span closes with the outer table; the image is fostered out of
        // the new table into the body.
        let html = #"<table><span style="display:none"><table>\#(image)</table>"#
        #expect(hiddenFlags(html) == [false])
    }
}
