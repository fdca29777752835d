#!/usr/bin/env python3
"""Writes SampleMail/*.eml: realistic messages for demos, benchmarks and end-to-end tests.

Everything is invented: the shops, people and domains are fictional (*.example,
example.com/.net/.org). Tracker and wrapper URLs copy the SHAPES that real mail services
use (hosts and paths such as list-manage.com/track/open.php, /wf/open?upn=, awstrack.me/L0/,
/e/c/<base64 JSON>, click.pstmrk.it) so that detection rules can be exercised; their
tokens are made up. Files are written with LF line endings; output is deterministic.

Usage: make_sample_mail.py [--check]   (--check: compare with the files on disk, write nothing)
"""
import base64
import binascii
import hashlib
import json
import pathlib
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent / "SampleMail"


def token(seed, n, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    """A deterministic opaque token of n characters."""
    out = []
    counter = 0
    while len(out) < n:
        for b in hashlib.sha256(f"{seed}:{counter}".encode()).digest():
            out.append(alphabet[b % len(alphabet)])
        counter += 1
    return "".join(out[:n])


def hexid(seed, n):
    return token(seed, n, "0123456789abcdef")


def b64(data, width=76):
    s = base64.b64encode(data).decode("ascii")
    return "".join(s[i:i + width] + "\n" for i in range(0, len(s), width))


def b64url(data):
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def qp(text, charset="utf-8"):
    return binascii.b2a_qp(text.encode(charset), istext=True).decode("ascii")


def ew_b(text, charset, codec=None):
    return f"=?{charset}?B?{base64.b64encode(text.encode(codec or charset)).decode('ascii')}?="


def fold_b64_value(value, indent="\t ", width=70):
    return ("\n" + indent).join(value[i:i + width] for i in range(0, len(value), width))


def dkim(domain, selector, seed, signed_headers, t):
    """A DKIM-Signature field with fake hash and signature values (never verifies)."""
    bh = base64.b64encode(hashlib.sha256(f"{seed}-body".encode()).digest()).decode()
    sig = base64.b64encode(b"".join(hashlib.sha256(f"{seed}-sig-{k}".encode()).digest() for k in range(8))).decode()
    return (f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain};\n"
            f"\ts={selector}; t={t}; x={t + 259200};\n\tbh={bh};\n"
            f"\th={signed_headers};\n\tb={fold_b64_value(sig)}\n")


# ================================================================ newsletter.eml

SHOP = "https://shop.example"
CDN = "https://cdn.shop.example"
MC_U = hexid("mc-u", 25)
MC_ID = hexid("mc-list", 10)
MC_CAMPAIGN = hexid("mc-campaign", 10)
MC_E = hexid("mc-e", 10)
OPEN_MC = f"https://shopnews.us1.list-manage.com/track/open.php?u={MC_U}&id={MC_CAMPAIGN}&e={MC_E}"
OPEN_SG = f"https://links.shop.example/wf/open?upn={token('sg-upn', 180, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')}"
CSS_BG_TRACKER = f"https://x7k2m9.emltrk.com/x7k2m9?d=reader%40example.net&c={hexid('litmus', 12)}"
CSS_IMPORT_TRACKER = f"https://eoapxl.com/{token('eoa', 24)}/s.css?e=reader%40example.net"
FONTS = "https://fonts.googleapis.com/css?family=Lora:400,700|Open+Sans:400,600&display=swap"
UTM = "utm_source=newsletter&utm_medium=email&utm_campaign=spring_trail_2025"
MC_PARAMS = f"mc_cid={MC_CAMPAIGN}&mc_eid={MC_E}"


def mc_click(n):
    return f"https://shopnews.us1.list-manage.com/track/click?u={MC_U}&id={hexid(f'mc-link{n}', 10)}&e={MC_E}"


GOOGLE_LINK = ("https://www.google.com/url?q=https://shop.example/sale?utm_source=newsletter&utm_medium=email"
               f"&sa=D&source=editors&ust=1741701600000000&usg={token('usg', 28)}")
SES_LINK = ("https://a8f3k2.r.us-east-1.awstrack.me/L0/https:%2F%2Fshop.example%2Fitem%2F4411%3Futm_campaign%3Dspring/1/"
            f"010001958a1b2c3d-{hexid('ses1', 8)}-{hexid('ses2', 4)}-{hexid('ses3', 4)}-{hexid('ses4', 4)}-{hexid('ses5', 12)}-000000/"
            f"{token('ses-sig', 27)}=401")
CIO_PAYLOAD = json.dumps({"email_id": token("cio-email", 22), "href": "https://shop.example/help?utm_source=x",
                          "internal": hexid("cio-internal", 20), "link_id": 24}, separators=(",", ":"))
CIO_LINK = f"https://e.customeriomail.com/e/c/{b64url(CIO_PAYLOAD.encode())}/{hexid('cio-hmac', 64)}"
UNSUBSCRIBE = f"https://shopnews.us1.list-manage.com/unsubscribe?u={MC_U}&id={MC_ID}&e={MC_E}&c={MC_CAMPAIGN}"
PREFERENCES = f"https://shopnews.us1.list-manage.com/profile?u={MC_U}&id={MC_ID}&e={MC_E}&c={MC_CAMPAIGN}"
WEB_VERSION = f"https://mailchi.mp/shop.example/spring-trail-edit?e={MC_E}"

PRODUCTS = [
    ("Ridgeline 28L daypack", "ridgeline-28l-daypack", "79.00", "Ventilated back panel, hip belt pockets, rain cover."),
    ("Fernwalk trail shoes", "fernwalk-trail-shoes", "119.00", "Grippy lugs and a roomy toe box for long days out."),
    ("Merino base layer", "merino-base-layer", "54.00", "Soft 180 g merino that stays fresh for days."),
    ("Featherlight rain shell", "featherlight-rain-shell", "139.00", "Packs into its own pocket; taped seams throughout."),
    ("Copper camp mug", "copper-camp-mug", "24.00", "Double-walled, keeps tea warm through a sunrise."),
    ("Trail mix sampler", "trail-mix-sampler", "12.50", "Six small-batch mixes from our friends at Hillside Pantry."),
]

ARTICLES = [
    ("Five spring walks within an hour of the city", "guides/five-spring-walks",
     "Bluebell woods, a chalk ridge with a view of the estuary, and a riverside loop that ends at a bakery."),
    ("How to re-proof a rain jacket at home", "guides/re-proof-a-rain-jacket",
     "A gentle wash, a spray-on treatment and a low tumble: your shell will bead like new."),
    ("Packing list: the perfect day hike", "guides/day-hike-packing-list",
     "Water, layers, snacks, a map you can read without a signal, and a small first-aid kit."),
]

FONT_STACK = "'Open Sans',Helvetica,Arial,sans-serif"
SERIF = "Lora,Georgia,'Times New Roman',serif"


def attr(url):
    """A URL as an HTML attribute value."""
    return url.replace("&", "&amp;")


def spacer(height):
    return (f'<tr><td style="font-size:0;line-height:0"><img src="{CDN}/img/spacer.gif" width="1" height="{height}" '
            f'alt="" style="display:block;border:0"></td></tr>')


def newsletter_html():
    h = []
    h.append('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">')
    h.append('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">')
    h.append("<head>")
    h.append('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">')
    h.append('<meta name="viewport" content="width=device-width, initial-scale=1.0">')
    h.append("<title>The Spring Trail Edit</title>")
    h.append(f'<link rel="stylesheet" type="text/css" href="{attr(FONTS)}">')
    h.append('<style type="text/css">')
    h.append(f'@import url("{CSS_IMPORT_TRACKER}");')
    h.append("body{margin:0;padding:0;background-color:#f3f0e8;-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%}")
    h.append("table{border-collapse:collapse;mso-table-lspace:0pt;mso-table-rspace:0pt}")
    h.append("img{border:0;outline:none;text-decoration:none;-ms-interpolation-mode:bicubic}")
    h.append("a{color:#2f5d50}")
    h.append(".button a{display:inline-block;padding:12px 22px;background:#2f5d50;color:#ffffff;text-decoration:none;border-radius:4px}")
    h.append("@media only screen and (max-width:620px){")
    h.append("  .container{width:100% !important}")
    h.append("  .product{display:block !important;width:100% !important}")
    h.append("  .hero img{width:100% !important;height:auto !important}")
    h.append("}")
    h.append("@media print{")
    h.append(f"  #_tp{{background-image:url('{CSS_BG_TRACKER}&p=1')}}")
    h.append("}")
    h.append("</style>")
    h.append("<!--[if mso]><style type=\"text/css\">body,table,td{font-family:Arial,Helvetica,sans-serif !important}</style><![endif]-->")
    h.append("</head>")
    h.append('<body style="margin:0;padding:0;background-color:#f3f0e8">')
    h.append(f'<div id="_tp" style="background-image:url(\'{attr(CSS_BG_TRACKER)}\');display:none"></div>')
    h.append('<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">New packs, lighter shells and five walks to try this month.&#8199;&#65279;&#847;&#8199;&#65279;&#847;</div>')
    h.append('<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f0e8">')
    h.append('<tr><td align="center" style="padding:0 10px">')
    h.append('<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;background-color:#ffffff">')
    # Pre-header bar.
    h.append(f'<tr><td style="padding:8px 20px;font-family:{FONT_STACK};font-size:11px;color:#7a7a7a;text-align:right">'
             f'Trouble reading this? <a href="{attr(WEB_VERSION)}" style="color:#7a7a7a">View it in your browser</a></td></tr>')
    h.append(spacer(12))
    # Logo and navigation.
    h.append(f'<tr><td align="center" style="padding:10px 20px"><a href="{SHOP}/?{attr(UTM)}&amp;{attr(MC_PARAMS)}">'
             f'<img src="{CDN}/img/logo-juniper-pine-360.png" width="180" height="48" alt="Juniper &amp; Pine Outdoor Co." '
             f'style="display:block;border:0;width:180px;height:48px"></a></td></tr>')
    nav = [("New in", "new-in"), ("Packs", "packs"), ("Footwear", "footwear"), ("Clothing", "clothing"), ("Camp kitchen", "camp-kitchen")]
    cells = "".join(f'<td style="padding:6px 10px;font-family:{FONT_STACK};font-size:13px;text-transform:uppercase;letter-spacing:1px">'
                    f'<a href="{SHOP}/collections/{slug}?{attr(UTM)}&amp;{attr(MC_PARAMS)}" style="color:#2f5d50;text-decoration:none">{name}</a></td>'
                    for name, slug in nav)
    h.append(f'<tr><td align="center" style="border-top:1px solid #e6e1d6;border-bottom:1px solid #e6e1d6">'
             f'<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>{cells}</tr></table></td></tr>')
    h.append(spacer(16))
    # Hero with a VML fallback for Outlook (content image, not a tracker).
    h.append('<tr><td class="hero" align="center">')
    h.append(f'<!--[if gte mso 9]><v:rect xmlns:v="urn:schemas-microsoft-com:vml" fill="true" stroke="false" style="width:600px;height:300px">'
             f'<v:fill type="frame" src="{CDN}/img/hero-spring-trail-1200.jpg" color="#2f5d50" /><v:textbox inset="0,0,0,0"><![endif]-->')
    h.append(f'<a href="{attr(mc_click(1))}"><img src="{CDN}/img/hero-spring-trail-1200.jpg" width="600" height="300" '
             f'alt="The Spring Trail Edit: new gear for longer days" style="display:block;border:0;width:600px;height:300px"></a>')
    h.append("<!--[if gte mso 9]></v:textbox></v:rect><![endif]-->")
    h.append("</td></tr>")
    h.append(spacer(24))
    h.append(f'<tr><td style="padding:0 40px;font-family:{SERIF};font-size:28px;line-height:34px;color:#1e2b26;text-align:center">'
             "The Spring Trail Edit</td></tr>")
    h.append(f'<tr><td style="padding:12px 40px 0 40px;font-family:{FONT_STACK};font-size:15px;line-height:24px;color:#3d3d3d;text-align:center">'
             "The evenings are getting longer and the paths are drying out. We have picked the gear our staff actually "
             "carried on their own spring walks, from a daypack that does not make your back sweat to a rain shell "
             "that fits in a jacket pocket. Members get 15% off everything in this edit until Sunday.</td></tr>")
    h.append(spacer(20))
    h.append(f'<tr><td align="center" class="button" style="padding:0 40px">'
             f'<a href="{SHOP}/collections/spring-trail-edit?{attr(UTM)}&amp;{attr(MC_PARAMS)}" style="display:inline-block;padding:12px 22px;'
             f'background:#2f5d50;color:#ffffff;font-family:{FONT_STACK};font-size:15px;font-weight:600;text-decoration:none;border-radius:4px">'
             "Shop the edit</a></td></tr>")
    h.append(spacer(32))
    # Products, two rows of three.
    for row in range(2):
        h.append('<tr><td style="padding:0 10px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>')
        for name, slug, price, blurb in PRODUCTS[row * 3:row * 3 + 3]:
            href = f"{SHOP}/products/{slug}?{attr(UTM)}&amp;utm_content={slug}&amp;{attr(MC_PARAMS)}"
            h.append(f'<td class="product" width="33%" valign="top" style="padding:10px;text-align:center;font-family:{FONT_STACK}">'
                     f'<a href="{href}"><img src="{CDN}/products/{slug}-360.jpg" width="170" height="170" alt="{name}" '
                     f'style="display:block;margin:0 auto;border:0;width:170px;height:170px"></a>'
                     f'<p style="margin:10px 0 4px 0;font-size:14px;font-weight:600;color:#1e2b26">{name}</p>'
                     f'<p style="margin:0 0 6px 0;font-size:12px;line-height:18px;color:#6b6b6b">{blurb}</p>'
                     f'<p style="margin:0;font-size:14px;color:#2f5d50">&pound;{price}</p>'
                     f'<p style="margin:8px 0 0 0"><a href="{href}" style="font-size:12px;color:#2f5d50;text-transform:uppercase;'
                     f'letter-spacing:1px">View</a></p></td>')
        h.append("</tr></table></td></tr>")
        h.append(spacer(16))
    # Sale banner: Google-wrapped link and an SES-wrapped item link.
    h.append(f'<tr><td style="padding:0 20px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" '
             f'style="background-color:#1e2b26"><tr><td style="padding:24px;font-family:{FONT_STACK};color:#ffffff;text-align:center">'
             f'<p style="margin:0;font-family:{SERIF};font-size:22px">Last season, lower prices</p>'
             f'<p style="margin:8px 0 16px 0;font-size:14px;line-height:22px">Up to 40% off winter layers while sizes last. '
             f'Our <a href="{attr(SES_LINK)}" style="color:#d8e8c8">best-selling fleece</a> is back in every colour.</p>'
             f'<a href="{attr(GOOGLE_LINK)}" style="display:inline-block;padding:10px 20px;border:1px solid #ffffff;'
             f'color:#ffffff;text-decoration:none">Browse the sale</a></td></tr></table></td></tr>')
    h.append(spacer(32))
    # Journal articles.
    h.append(f'<tr><td style="padding:0 40px;font-family:{SERIF};font-size:22px;color:#1e2b26">From the journal</td></tr>')
    for k, (title, path, blurb) in enumerate(ARTICLES):
        href = f"{SHOP}/{path}?{attr(UTM)}&amp;utm_content=journal_{k + 1}&amp;{attr(MC_PARAMS)}"
        h.append(f'<tr><td style="padding:16px 40px 0 40px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>'
                 f'<td width="140" valign="top"><a href="{href}"><img src="{CDN}/journal/{path.split("/")[-1]}-280.jpg" width="140" height="94" '
                 f'alt="" style="display:block;border:0"></a></td>'
                 f'<td valign="top" style="padding-left:16px;font-family:{FONT_STACK}">'
                 f'<p style="margin:0 0 6px 0;font-size:15px;font-weight:600"><a href="{href}" style="color:#1e2b26;text-decoration:none">{title}</a></p>'
                 f'<p style="margin:0;font-size:13px;line-height:20px;color:#5a5a5a">{blurb}</p></td></tr></table></td></tr>')
    h.append(spacer(32))
    # Services strip.
    services = [("Free returns", "Within 60 days, no questions asked."),
                ("Repairs", "We fix zips, seams and buckles for life."),
                ("Click &amp; collect", "Ready in two hours at any of our stores.")]
    cells = "".join(f'<td width="33%" valign="top" style="padding:10px;text-align:center;font-family:{FONT_STACK}">'
                    f'<p style="margin:0;font-size:13px;font-weight:600;color:#1e2b26">{a}</p>'
                    f'<p style="margin:4px 0 0 0;font-size:12px;color:#6b6b6b">{b}</p></td>' for a, b in services)
    h.append(f'<tr><td style="padding:0 20px;border-top:1px solid #e6e1d6"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
             f"<tr>{cells}</tr></table></td></tr>")
    h.append(spacer(16))
    # Help link wrapped by Customer.io, an opaque Mailchimp link to the store finder.
    h.append(f'<tr><td style="padding:0 40px;font-family:{FONT_STACK};font-size:13px;line-height:20px;color:#5a5a5a;text-align:center">'
             f'Questions about sizing or an order? <a href="{CIO_LINK}" style="color:#2f5d50">Visit our help centre</a> '
             f'or <a href="{attr(mc_click(2))}" style="color:#2f5d50">find a store near you</a>.</td></tr>')
    h.append(spacer(24))
    # Social icons (content images).
    socials = [("Instagram", "https://instagram.example/juniperpine"), ("Mastodon", "https://social.example/@juniperpine"),
               ("YouTube", "https://video.example/c/juniperpine")]
    cells = "".join(f'<td style="padding:0 8px"><a href="{url}"><img src="{CDN}/img/social-{name.lower()}-64.png" width="32" height="32" '
                    f'alt="{name}" style="display:block;border:0"></a></td>' for name, url in socials)
    h.append(f'<tr><td align="center"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>{cells}</tr></table></td></tr>')
    h.append(spacer(16))
    # Footer.
    h.append(f'<tr><td style="padding:16px 40px 24px 40px;background-color:#f8f6f1;font-family:{FONT_STACK};font-size:11px;line-height:17px;color:#8a8a8a;text-align:center">'
             "You are receiving this because you joined the Juniper &amp; Pine newsletter at shop.example.<br>"
             f'<a href="{attr(PREFERENCES)}" style="color:#8a8a8a">Update your preferences</a> &middot; '
             f'<a href="{attr(UNSUBSCRIBE)}" style="color:#8a8a8a">Unsubscribe</a> &middot; '
             f'<a href="{SHOP}/privacy" style="color:#8a8a8a">Privacy policy</a><br>'
             "Juniper &amp; Pine Outdoor Co., 12 Example Lane, Sampleton, EX1 2MP</td></tr>")
    h.append("</table>")
    h.append("</td></tr>")
    h.append("</table>")
    h.append(f'<img src="{attr(OPEN_MC)}" width="1" height="1" border="0" alt="" style="height:1px !important;width:1px !important;'
             'border-width:0 !important;margin:0 !important;padding:0 !important">')
    h.append(f'<img src="{OPEN_SG}" alt="" width="1" height="1" border="0" style="height:1px !important;width:1px !important;'
             'border-width:0 !important;margin-top:0 !important;margin-bottom:0 !important;margin-right:0 !important;'
             'margin-left:0 !important;padding-top:0 !important;padding-bottom:0 !important;padding-right:0 !important;'
             'padding-left:0 !important">')
    h.append("</body>")
    h.append("</html>")
    return "\n".join(h) + "\n"


def newsletter_text():
    lines = [
        "The Spring Trail Edit",
        "=====================",
        "",
        f"View this email in your browser: {WEB_VERSION}",
        "",
        "The evenings are getting longer and the paths are drying out. We have picked",
        "the gear our staff actually carried on their own spring walks. Members get",
        "15% off everything in this edit until Sunday.",
        "",
        f"Shop the edit: {SHOP}/collections/spring-trail-edit?{UTM}&{MC_PARAMS}",
        "",
    ]
    for name, slug, price, blurb in PRODUCTS:
        lines += [f"* {name}, GBP {price}", f"  {blurb}",
                  f"  {SHOP}/products/{slug}?{UTM}&utm_content={slug}&{MC_PARAMS}", ""]
    lines += [
        "Last season, lower prices: up to 40% off winter layers.",
        f"Best-selling fleece: {SES_LINK}",
        f"Browse the sale: {GOOGLE_LINK}",
        "",
        "From the journal",
        "----------------",
    ]
    for k, (title, path, blurb) in enumerate(ARTICLES):
        lines += [f"{title}", f"{SHOP}/{path}?{UTM}&utm_content=journal_{k + 1}&{MC_PARAMS}", ""]
    lines += [
        f"Questions? Our help centre: {CIO_LINK}",
        f"Find a store near you: {mc_click(2)}",
        "",
        "--",
        "You are receiving this because you joined the Juniper & Pine newsletter.",
        f"Update your preferences: {PREFERENCES}",
        f"Unsubscribe: {UNSUBSCRIBE}",
        "Juniper & Pine Outdoor Co., 12 Example Lane, Sampleton, EX1 2MP",
    ]
    return "\n".join(lines) + "\n"


def newsletter():
    boundary = f"_----------=_MCPart_{hexid('mc-boundary', 10)}"
    signed = "From:Reply-To:To:Subject:Date:Message-ID:List-ID:List-Unsubscribe:\n\t List-Unsubscribe-Post:Content-Type:MIME-Version"
    headers = (
        "Return-Path: <bounce-mc.us1_12345678.4411-reader=example.net@mail131.suw21.mcsv.example>\n"
        "Delivered-To: reader@example.net\n"
        "Received: from mx.example.net (localhost [127.0.0.1])\n\tby mx.example.net (Postfix) with ESMTP id 4Z9xK71bQmz9sWq\n"
        "\tfor <reader@example.net>; Tue, 11 Mar 2025 14:00:07 +0000 (UTC)\n"
        "Received: from mail131.suw21.mcsv.example (mail131.suw21.mcsv.example [198.51.100.131])\n"
        "\tby mx.example.net (Postfix) with ESMTPS id 4Z9xK70ZtTz9sWp\n\tfor <reader@example.net>; Tue, 11 Mar 2025 14:00:06 +0000 (UTC)\n"
        "Authentication-Results: mx.example.net; dkim=pass header.d=shop.example header.s=k1;\n"
        "\tspf=pass smtp.mailfrom=mail131.suw21.mcsv.example; dmarc=pass header.from=shop.example\n"
        + dkim("shop.example", "k1", "newsletter", signed, 1741701600) +
        "From: Juniper & Pine <hello@shop.example>\n"
        "Reply-To: Juniper & Pine <help@shop.example>\n"
        "To: <reader@example.net>\n"
        "Subject: =?utf-8?Q?The_Spring_Trail_Edit_=F0=9F=8C=BF_new_packs,_lighter_shells?=\n"
        "Date: Tue, 11 Mar 2025 14:00:00 +0000\n"
        f"Message-ID: <{hexid('mc-msgid', 32)}@mail131.suw21.mcsv.example>\n"
        f"List-ID: {MC_U}mc list <{MC_U}.{MC_ID}.list-id.mcsv.example>\n"
        f"List-Unsubscribe: <{UNSUBSCRIBE}>,\n <mailto:unsubscribe-mc.us1_{MC_U}.{MC_E}@unsubscribe.mcsv.example?subject=unsubscribe>\n"
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n"
        "Disposition-Notification-To: Juniper & Pine <receipts@shop.example>\n"
        f"X-Campaign: mailchimp{MC_U}.{MC_CAMPAIGN}\n"
        f"X-campaignid: mailchimp{MC_U}.{MC_CAMPAIGN}\n"
        "Precedence: bulk\n"
        "MIME-Version: 1.0\n"
        f'Content-Type: multipart/alternative; boundary="{boundary}"\n'
    )
    return (headers + "\nThis is a multi-part message in MIME format\n\n"
            f"--{boundary}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + qp(newsletter_text()) +
            f"\n--{boundary}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + qp(newsletter_html()) +
            f"\n--{boundary}--\n").encode("ascii")


# ================================================================ transactional.eml

def fake_invoice_pdf():
    lines = ["%PDF-1.4", "% Juniper & Pine invoice (sample, not a renderable document)",
             "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
             "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
             "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj",
             "4 0 obj << /Length 88 >> stream",
             "BT /F1 12 Tf 72 770 Td (Invoice JP-100234   Ridgeline 28L daypack   GBP 79.00) Tj ET",
             "endstream endobj", "trailer << /Root 1 0 R >>", "%%EOF"]
    return ("\n".join(lines) + "\n").encode("ascii")


def transactional():
    order = "JP-100234"
    pixel = f"https://pstmrk.it/open?m=v3_1.{token('pm-open', 22)}.{token('pm-open2', 43)}"
    wrapped = (f"https://click.pstmrk.it/2s/shop.example%2Forders%2F{order}%3Futm_source%3Dtransactional/"
               f"{token('pm1', 8)}/{token('pm2', 4)}/{token('pm3', 10)}/{b64url(b'order-confirmation')}")
    html = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>Order {order} confirmed</title>
</head>
<body style="margin:0;padding:0;background:#f3f0e8">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f0e8">
<tr><td align="center" style="padding:20px 10px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" border="0" style="background:#ffffff;font-family:Helvetica,Arial,sans-serif;color:#333333">
<tr><td style="padding:24px"><img src="https://cdn.shop.example/img/logo-juniper-pine-360.png" width="180" height="48" alt="Juniper &amp; Pine"></td></tr>
<tr><td style="padding:0 24px"><h1 style="font-size:22px;margin:0 0 12px 0">Thanks for your order, Sam!</h1>
<p style="font-size:14px;line-height:22px;margin:0">We have received order <b>{order}</b> and will let you know when it ships.
You can <a href="{wrapped}" style="color:#2f5d50">check your order status</a> at any time.</p></td></tr>
<tr><td style="padding:16px 24px">
<table role="presentation" width="100%" cellpadding="6" cellspacing="0" border="0" style="font-size:14px;border-top:1px solid #e6e1d6">
<tr><td><img src="https://cdn.shop.example/products/ridgeline-28l-daypack-360.jpg" width="64" height="64" alt=""></td><td>Ridgeline 28L daypack, moss green</td><td align="right">1 &times; &pound;79.00</td></tr>
<tr><td></td><td>Delivery (standard, 2&ndash;3 days)</td><td align="right">&pound;0.00</td></tr>
<tr><td></td><td><b>Total</b></td><td align="right"><b>&pound;79.00</b></td></tr>
</table></td></tr>
<tr><td style="padding:0 24px 24px 24px;font-size:12px;color:#777777">Your invoice is attached as a PDF. Delivery address: Sam Example, 4 Sample Road, Exampleton.</td></tr>
</table>
</td></tr>
</table>
<img src="{pixel}" width="1" height="1" alt="" style="display:block">
</body>
</html>
"""
    text = (f"Thanks for your order, Sam!\n\nWe have received order {order} and will let you know when it ships.\n"
            f"Check your order status: {wrapped}\n\n"
            "Ridgeline 28L daypack, moss green   1 x GBP 79.00\nDelivery (standard, 2-3 days)      GBP 0.00\n"
            "Total                              GBP 79.00\n\nYour invoice is attached as a PDF.\n\nJuniper & Pine Outdoor Co.\n")
    return (
        "Return-Path: <pm_bounces@pm-bounces.shop.example>\n"
        "Received: from mta-out-7.mtasv.example (mta-out-7.mtasv.example [192.0.2.77])\n"
        "\tby mx.example.net (Postfix) with ESMTPS id 4Z9yB21cWkz9sXr\n\tfor <sam@example.net>; Wed, 12 Mar 2025 09:41:03 +0000 (UTC)\n"
        + dkim("shop.example", "pm", "transactional", "From:Date:Subject:Message-Id:To:MIME-Version:Content-Type", 1741772460) +
        "From: Juniper & Pine <orders@shop.example>\n"
        "To: Sam Example <sam@example.net>\n"
        f"Subject: Order {order} confirmed\n"
        "Date: Wed, 12 Mar 2025 09:41:00 +0000\n"
        f"Message-Id: <{hexid('pm-msgid', 8)}-{hexid('pm-msgid2', 4)}-{hexid('pm-msgid3', 4)}@mtasv.example>\n"
        "X-PM-Message-Id: " + f"{hexid('pm-id', 8)}-{hexid('pm-id2', 4)}-{hexid('pm-id3', 4)}" + "\n"
        "X-PM-Tag: order-confirmation\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="mixed-7d1c0b"\n\n'
        "--mixed-7d1c0b\n"
        'Content-Type: multipart/alternative; boundary="alt-7d1c0b"\n\n'
        "--alt-7d1c0b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        + qp(text) +
        "--alt-7d1c0b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        + qp(html) +
        "--alt-7d1c0b--\n\n"
        f'--mixed-7d1c0b\nContent-Type: application/pdf; name="invoice-{order}.pdf"\n'
        f'Content-Disposition: attachment; filename="invoice-{order}.pdf"\nContent-Transfer-Encoding: base64\n\n'
        + b64(fake_invoice_pdf()) +
        "--mixed-7d1c0b--\n").encode("ascii")


# ================================================================ plain.eml

def plain():
    body = """Hi Sam,

Thanks again for Saturday, the walk along the cliffs was lovely and Jonas
has not stopped talking about the seals. I have put the photos in our shared
album: https://photos.example.org/albums/cliff-walk-march

About the cabin in May: Priya says the one by the lake is free from the 16th
to the 19th. It sleeps six, has a wood stove and costs about 110 € a night,
so roughly 75 € each if we are all in. Could you ask Mateus whether he can
take the Friday off? I would book it this weekend.

Two small things:
  - you left your green scarf in our car, I'll bring it on Thursday;
  - the recipe for the lemon cake is below, as promised.

Lemon cake (Oma Grete's, slightly adapted):
  225 g butter, 225 g sugar, 4 eggs, 225 g self-raising flour,
  zest of 2 lemons. 45 minutes at 170 °C, drizzle with lemon juice and
  sugar while still warm.

Liebe Grüße, and see you on Thursday!
Léa

-- 
Léa Martin · 07700 900123
"""
    return ("Return-Path: <lea@example.org>\n"
            "Received: from smtp.example.org (smtp.example.org [203.0.113.25])\n"
            "\tby mx.example.net (Postfix) with ESMTPS id 4ZB0Pq3m1Xz9sXy\n\tfor <sam@example.net>; Sun, 16 Mar 2025 19:12:44 +0000 (UTC)\n"
            "From: =?utf-8?q?L=C3=A9a_Martin?= <lea@example.org>\n"
            "To: Sam Example <sam@example.net>\n"
            "Subject: Saturday, the cabin, and a cake\n"
            "Date: Sun, 16 Mar 2025 20:12:40 +0100\n"
            "Message-ID: <a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d@example.org>\n"
            "User-Agent: Example Mail 3.2\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8; format=flowed\n"
            "Content-Transfer-Encoding: 8bit\n\n").encode("ascii") + body.encode("utf-8")


# ================================================================ signed.eml

def armor_signature():
    sig = base64.b64encode(b"".join(hashlib.sha256(f"signed-sample-{k}".encode()).digest() for k in range(6))[:183]).decode()
    lines = "".join(sig[i:i + 64] + "\n" for i in range(0, len(sig), 64))
    crc = base64.b64encode(hashlib.sha1(b"crc").digest()[:3]).decode()
    return f"-----BEGIN PGP SIGNATURE-----\n\n{lines}={crc}\n-----END PGP SIGNATURE-----\n"


def signed():
    pixel = f"https://u4411023.ct.sendgrid.net/wf/open?upn={token('signed-upn', 120, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')}"
    html = f"""<html>
<body>
<p>Hello members,</p>
<p>The spring meeting of the Example Radio Club is on <b>Thursday 27 March at 19:30</b> in the
community hall. The agenda and last year's minutes are on
<a href="https://radioclub.example/meetings/2025-03">the club website</a>.</p>
<p>This announcement is signed with the club key, so you can check that it really comes from the committee.</p>
<p>73,<br>Morgan, club secretary</p>
<img src="{pixel}" alt="" width="1" height="1" border="0">
</body>
</html>
"""
    text = ("Hello members,\n\nThe spring meeting of the Example Radio Club is on Thursday 27 March at 19:30\n"
            "in the community hall. Agenda and minutes: https://radioclub.example/meetings/2025-03\n\n"
            "This announcement is signed with the club key.\n\n73,\nMorgan, club secretary\n")
    return ("From: Example Radio Club <secretary@radioclub.example>\n"
            "To: members@lists.radioclub.example\n"
            "Subject: Spring meeting, Thursday 27 March\n"
            "Date: Mon, 17 Mar 2025 18:00:00 +0000\n"
            "Message-ID: <spring-meeting-2025@radioclub.example>\n"
            "MIME-Version: 1.0\n"
            'Content-Type: multipart/signed; micalg=pgp-sha256;\n protocol="application/pgp-signature";\n'
            ' boundary="sig-3f9a1c0e"\n\n'
            "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\n"
            "--sig-3f9a1c0e\n"
            'Content-Type: multipart/alternative; boundary="alt-3f9a1c0e"\n\n'
            "--alt-3f9a1c0e\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n"
            + text +
            "--alt-3f9a1c0e\nContent-Type: text/html; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n"
            + html +
            "--alt-3f9a1c0e--\n\n"
            "--sig-3f9a1c0e\n"
            'Content-Type: application/pgp-signature; name="OpenPGP_signature.asc"\n'
            "Content-Description: OpenPGP digital signature\n"
            'Content-Disposition: attachment; filename="OpenPGP_signature.asc"\n\n'
            + armor_signature() +
            "\n--sig-3f9a1c0e--\n").encode("ascii")


# ================================================================ latin1.eml

def latin1():
    ml = zlib.compress(b"d=fromagerie.example&i=20250318091500.1.ABCDEF@mg.fromagerie.example"
                       b"&h=9c1f3a7e5b2d&r=lecteur%40example.net&t=printemps")
    pixel = f"https://email.fromagerie.example/o/{b64url(ml)}"
    html = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Les fromages du printemps</title>
</head>
<body style="font-family:Georgia,serif;color:#333;background:#fffaf0">
<table width="560" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="https://fromagerie.example/images/logo-fromagerie.png" width="220" height="70" alt="La Fromagerie du Vieux Port"></td></tr>
<tr><td>
<h1 style="font-size:24px">Les fromages du printemps sont arrivés&nbsp;!</h1>
<p>Chère cliente, cher client,</p>
<p>Le printemps est là et nos affineurs ont sélectionné pour vous des chèvres frais, une tomme
d’alpage «&nbsp;Fleur des prés&nbsp;» et un brebis des Pyrénées très crémeux. Découvrez aussi notre
plateau dégustation à 24,90&nbsp;€ – idéal pour un apéritif entre amis.</p>
<p><a href="https://fromagerie.example/printemps">Voir la sélection</a></p>
<p><img src="https://fromagerie.example/images/plateau-printemps.jpg" width="560" height="320" alt="Plateau de fromages"></p>
<p>À très bientôt à la boutique, 3 quai des Pêcheurs, ou sur notre site.</p>
<p style="font-size:11px;color:#888">Vous recevez ce message car vous êtes inscrit(e) à notre lettre d’information.
<a href="https://fromagerie.example/desinscription">Se désinscrire</a></p>
</td></tr>
</table>
<img src="PIXEL" width="1" height="1" alt="" style="display:none !important">
</body>
</html>
""".replace("PIXEL", pixel)
    text = ("Les fromages du printemps sont arrivés !\n\nChère cliente, cher client,\n\n"
            "Nos affineurs ont sélectionné des chèvres frais, une tomme d’alpage « Fleur des prés »\n"
            "et un brebis des Pyrénées. Plateau dégustation à 24,90 € – voir la sélection :\n"
            "https://fromagerie.example/printemps\n\nÀ très bientôt !\nLa Fromagerie du Vieux Port\n")
    return ("From: =?windows-1252?Q?La_Fromagerie_du_Vieux_Port?= <bonjour@fromagerie.example>\n"
            "To: lecteur@example.net\n"
            "Subject: =?windows-1252?Q?Les_fromages_du_printemps_sont_arriv=E9s_=96_d=E9gustation_=E0_24,90_=80?=\n"
            "Date: Tue, 18 Mar 2025 09:15:00 +0100\n"
            "Message-ID: <20250318091500.1.ABCDEF@mg.fromagerie.example>\n"
            "MIME-Version: 1.0\n"
            'Content-Type: multipart/alternative; boundary="=_fromagerie_2025_03"\n\n'
            "--=_fromagerie_2025_03\n"
            'Content-Type: text/plain; charset="windows-1252"\nContent-Transfer-Encoding: quoted-printable\n\n'
            + qp(text, "cp1252") +
            "--=_fromagerie_2025_03\n"
            'Content-Type: text/html; charset="windows-1252"\nContent-Transfer-Encoding: 8bit\n\n').encode("ascii") \
        + html.encode("cp1252") + b"--=_fromagerie_2025_03--\n"


# ================================================================ japanese.eml

def japanese():
    pixel = f"https://u8812345.ct.sendgrid.net/wf/open?upn={token('jp-upn', 150, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')}"
    html = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=ISO-2022-JP">
<title>さくら文具店 春の新作のお知らせ</title>
</head>
<body style="font-family:sans-serif;color:#333333">
<table width="600" align="center" cellpadding="0" cellspacing="0" border="0">
<tr><td><img src="https://sakura-bungu.example/img/logo.png" width="200" height="60" alt="さくら文具店"></td></tr>
<tr><td>
<h1 style="font-size:22px">春の新作ノートが入荷しました</h1>
<p>いつもさくら文具店をご利用いただき、誠にありがとうございます。</p>
<p>桜色の表紙が人気の「はるかぜノート」シリーズに、新しく方眼罫と無地が加わりました。
ＡＢ判・Ａ５判の二種類をご用意しております。</p>
<p><a href="https://sakura-bungu.example/items/harukaze-note">商品ページはこちら</a></p>
<p><img src="https://sakura-bungu.example/img/harukaze-note-600.jpg" width="600" height="400" alt="はるかぜノート"></p>
<p>今月末まで、送料無料キャンペーンを実施中です。皆さまのご来店を心よりお待ちしております。</p>
<p style="font-size:12px;color:#888888">配信停止をご希望の方は<a href="https://sakura-bungu.example/mail/stop">こちら</a>からお手続きください。</p>
</td></tr>
</table>
<img src="{pixel}" alt="" width="1" height="1" border="0">
</body>
</html>
"""
    text = ("いつもさくら文具店をご利用いただき、誠にありがとうございます。\n\n"
            "春の新作ノートが入荷しました。\n桜色の表紙が人気の「はるかぜノート」シリーズに、方眼罫と無地が加わりました。\n\n"
            "商品ページ：https://sakura-bungu.example/items/harukaze-note\n\n"
            "今月末まで、送料無料キャンペーンを実施中です。\n\nさくら文具店\n")
    return ("From: " + ew_b("さくら文具店", "ISO-2022-JP", "iso2022_jp") + " <info@sakura-bungu.example>\n"
            "To: reader@example.jp\n"
            "Subject: " + ew_b("【さくら文具店】春の新作ノートが", "ISO-2022-JP", "iso2022_jp") + "\n "
            + ew_b("入荷しました", "ISO-2022-JP", "iso2022_jp") + "\n"
            "Date: Wed, 19 Mar 2025 10:00:00 +0900\n"
            "Message-ID: <20250319010000.sakura.0042@sakura-bungu.example>\n"
            "MIME-Version: 1.0\n"
            'Content-Type: multipart/alternative; boundary="sakura-alt-0042"\n\n'
            "--sakura-alt-0042\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n").encode("ascii") \
        + text.encode("iso2022_jp") \
        + b"\n--sakura-alt-0042\nContent-Type: text/html; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" \
        + html.encode("iso2022_jp") + b"\n--sakura-alt-0042--\n"


def responsive_html():
    """A responsive newsletter: desktop and phone layouts swapped by @media rules, an
    Outlook ghost table, a dark-mode logo, and the trackers such mail carries."""
    img = "https://img.northwind-outfitters.example/2025/05"
    hero_token = hexid("northwind-hero", 32)
    pixel = "https://t.nwmail-metrics.example/o/" + token("northwind-pixel", 10) + ".gif"
    matomo = "https://stats.northwind-outfitters.example/matomo.php?idsite=3&amp;rec=1&amp;action_name=newsletter-2025-05"
    wpstats = "https://pixel.wp.com/g.gif?blog=4181&amp;v=ext&amp;post=0"
    shop = "https://northwind-outfitters.example"
    products = ""
    for n, (name, price) in enumerate([("Trail jacket", "129"), ("Merino socks", "19"), ("Day pack 22 L", "89")]):
        slug = name.lower().replace(" ", "-")
        products += f"""
<td class="stack" width="200" valign="top" style="padding:8px">
<a href="{shop}/p/{slug}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=may"><img class="fluid" src="{img}/products/{slug}.jpg" width="184" height="184" alt="{name}" style="display:block;border:0"></a>
<p style="margin:8px 0 0 0;font:15px/20px Lato,Arial,sans-serif">{name}<br><b>&euro;{price}</b></p>
</td>"""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Outfitters: May</title>
<link href="https://fonts.googleapis.com/css2?family=Lato:wght@400;700&amp;display=swap" rel="stylesheet">
<style type="text/css">
body {{ margin:0; padding:0; }}
.mobile-only {{ display:none; max-height:0; overflow:hidden; }}
.logo-dark {{ display:none; }}
img#wpstats {{ display:none; }}
@media only screen and (max-width:600px) {{
  .desktop-only {{ display:none !important; }}
  .mobile-only {{ display:block !important; max-height:none !important; overflow:visible !important; }}
  .stack {{ display:block !important; width:100% !important; }}
  .fluid {{ width:100% !important; height:auto !important; }}
}}
@media (prefers-color-scheme: dark) {{
  .logo-light {{ display:none !important; }}
  .logo-dark {{ display:block !important; }}
}}
</style>
<!--[if mso]><style>.stack {{ width:200px; }}</style><![endif]-->
</head>
<body style="margin:0;padding:0;background:#f4f1ea">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all">New trail gear for May, and free shipping this week.</div>
<!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0"><tr><td><![endif]-->
<div style="max-width:600px;margin:0 auto;background:#ffffff">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0">
<tr><td style="padding:16px">
<a href="{shop}/?utm_source=newsletter&amp;utm_medium=email"><img class="logo-light" src="{img}/logo.png" width="180" height="48" alt="Northwind Outfitters" style="display:block;border:0"><img class="logo-dark" src="{img}/logo-dark.png" width="180" height="48" alt="Northwind Outfitters" style="border:0"></a>
</td></tr>
<tr><td class="desktop-only">
<a href="{shop}/collections/trail?utm_source=newsletter&amp;utm_campaign=may"><img src="{img}/c/{hero_token}/hero-wide.jpg" width="600" height="280" alt="Out on the trail" style="display:block;border:0"></a>
</td></tr>
<tr><td>
<div class="mobile-only" style="display:none;max-height:0;overflow:hidden">
<a href="{shop}/collections/trail?utm_source=newsletter&amp;utm_campaign=may"><img class="fluid" src="{img}/c/{hero_token}/hero-tall.jpg" width="0" height="0" alt="Out on the trail" style="display:block;border:0"></a>
</div>
</td></tr>
<tr><td style="padding:8px 16px;font:16px/24px Lato,Arial,sans-serif;color:#333333">
<p>The days are long again. Our new trail range is light, warm when it has to be, and made to be repaired.</p>
</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>{products}
</tr></table>
<p style="padding:16px;font:12px/18px Arial,sans-serif;color:#777777"><a href="{shop}/account/emails">Email preferences</a> &middot; <a href="{shop}/unsubscribe?u=7c1e">Unsubscribe</a></p>
</div>
<!--[if mso]></td></tr></table><![endif]-->
<img src="{pixel}" width="1" height="1" alt="" style="display:block;border:0">
<img src="{matomo}" alt="" border="0">
<img id="wpstats" src="{wpstats}" alt="">
</body>
</html>
"""


def responsive():
    html = responsive_html()
    text = ("Northwind Outfitters: new trail gear for May.\n\n"
            "Trail jacket, merino socks and a 22 litre day pack: https://northwind-outfitters.example/collections/trail\n\n"
            "Unsubscribe: https://northwind-outfitters.example/unsubscribe?u=7c1e\n")
    return ("From: Northwind Outfitters <news@northwind-outfitters.example>\n"
            "To: reader@example.org\n"
            "Subject: New on the trail: May\n"
            "Date: Thu, 15 May 2025 07:30:00 +0000\n"
            "Message-ID: <20250515073000.may@northwind-outfitters.example>\n"
            "List-Unsubscribe: <https://northwind-outfitters.example/unsubscribe?u=7c1e>\n"
            "MIME-Version: 1.0\n"
            'Content-Type: multipart/alternative; boundary="nw-alt-0515"\n\n'
            "--nw-alt-0515\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + qp(text) + "\n--nw-alt-0515\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + qp(html) + "\n--nw-alt-0515--\n").encode("ascii")


MESSAGES = {
    "newsletter.eml": newsletter,
    "transactional.eml": transactional,
    "plain.eml": plain,
    "signed.eml": signed,
    "latin1.eml": latin1,
    "japanese.eml": japanese,
    "responsive.eml": responsive,
}


def main():
    check = "--check" in sys.argv[1:]
    differences = 0
    for name, fn in MESSAGES.items():
        data = fn()
        assert b"\r" not in data, name
        path = ROOT / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                print(f"differs: SampleMail/{name}")
                differences += 1
            continue
        ROOT.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        print(f"{name}: {len(data)} bytes", file=sys.stderr)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
