// Tracking query parameters: which names to strip, where, and when to keep them.
//
// Names were reviewed from these public lists and kept when they clearly identify a
// campaign, a click or a recipient (written here as our own list):
//   Brave query filter (brave-core components/query_filter/utils.cc @0c7f00e, MPL-2.0):
//     simple list, conditional keeps (mkt_tok, ck_subscriber_id, h_sid, h_slt), scoped
//     parameters and the urldefense.com exemption.
//   Firefox StripOnShare.json (via Floorp @083bbb9, MPL-2.0): utm_* variants, hsa_*, Amazon.
//   DuckDuckGo tracking-parameters.json (@215aef9): ga_*, hmb_*, fb_* and exception hosts.
//   AdGuard URL Tracking filter, general_url.txt (@002b066, GPL-3.0): mail vendors' names
//     (mkt_tok, _kx, mc_eid, bsft_*, mindbox-*), the `__s` value condition.
//   ClearURLs global rules (@9317c06, LGPL-3.0): mc_cid, mc_tc, _hsmi, oly_*, vero_*.
//   tidy-url (@234e706, MIT): LinkedIn mail parameters and its otpToken allowance.
//   FairEmail's documented parameter list: elq*, awt_*.
//   Movable Ink's MIU (sdk-mobile.movableink.com/miu: the per-recipient user id that its links
//     carry), named `mi_u` in EasyPrivacy's email tracker list (@00c5406, GPL-3.0 or CC BY-SA 3.0).
// Left out on purpose: names generic enough to carry page function (`var`, `ref`, `src`,
// `source`, `sr`, `keywords`, `cmpid`, `spm`, ClearURLs' `[a-z]?mc`), and LinkedIn's
// `otpToken` (a sign-in token the link needs).
//
// Names match case-sensitively and on the raw (undecoded) name, as Brave's filter does:
// `utm_source` is stripped, `UTM_SOURCE` and `utm%5Fsource` are not.

/// The parameter rule set.
enum ParamRules {
    /// Parameters stripped from every http(s) link outside the exempt hosts (an array: it
    /// is only read to build `globalMatcher`, and a `Set` costs every process its hashing).
    static let global: [String] = [
        // Google, Microsoft, Meta, X, Yandex, TikTok and other ad click IDs
        "gclid", "gclsrc", "gbraid", "wbraid", "dclid", "msclkid", "fbclid", "twclid", "ttclid",
        "yclid", "ymclid", "ysclid", "srsltid", "_gl", "_ga", "gs_l", "usqp",
        "fb_action_ids", "fb_action_types", "fb_comment_id", "fb_ref", "fb_source",
        "action_object_map", "action_type_map", "action_ref_map",
        "ga_source", "ga_medium", "ga_term", "ga_content", "ga_campaign", "ga_place",
        "hmb_campaign", "hmb_medium", "hmb_source",
        "itm_source", "itm_medium", "itm_campaign", "itm_content", "itm_term",
        "pk_campaign", "pk_cid", "pk_medium", "pk_source", "pk_vid",
        "_openstat", "s_cid", "wickedid", "ymid", "xtor", "wt_mc", "wt_zmc",
        "cm_me", "cm_cr", "cm_mmc", "oprtrack",
        // Affiliate networks
        "irclickid", "irgwc", "ir_campaignid", "ir_adid", "ir_partnerid", "sscid", "tduid", "awc",
        "rtkcid", "admitad_uid", "external_click_id", "unicorn_click_id", "rb_clickid",
        "_branch_match_id", "_branch_referrer", "guce_referrer", "guce_referrer_sig", "guccounter",
        "gps_adid", "adjust_campaign", "adjust_adgroup", "adjust_creative", "adjust_referrer",
        "adjust_tracker", "adjust_tracker_limit", "_zucks_suid", "ebisAdID", "vc_lpp", "famad_xuid",
        "aiad_clid", "_sgm_campaign", "_sgm_source", "_sgm_action", "nx_source",
        "__io_lv", "_io_session_id", "cx_click", "_clde", "_cldee",
        // Mail service providers
        "mc_cid", "mc_eid", "mc_tc",                              // Mailchimp
        "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsCtaTracking", // HubSpot
        "mkt_tok",                                                // Marketo (conditional keep)
        "_kx",                                                    // Klaviyo
        "ck_subscriber_id",                                       // Kit (conditional keep)
        "h_sid", "h_slt",                                         // conditional keep on /email/
        "_bhlid",                                                 // beehiiv
        "mindbox-message-key", "mindbox-click-id",                // Mindbox
        "et_rid", "ss_email_id", "sc_customer", "sc_eh", "sc_uid", "at_recipient_id",
        "at_recipient_list", "bbeml", "vgo_ee", "user_email_address", "wtrid",
        "mtm_cid",
        "mi_u",                                                   // Movable Ink recipient id (MIU)
    ]

    /// Stripped parameters whose value names one recipient (a subscriber or contact id, a
    /// per-recipient token, an address), as each vendor documents or the lists above say;
    /// the rest name a campaign, a link or a click.
    static let perRecipient: Set<String> = [
        "mc_eid", "_hsenc", "_hsmi", "__hstc", "mkt_tok", "_kx", "ck_subscriber_id", "_bhlid",
        "mindbox-click-id", "et_rid", "ss_email_id", "sc_customer", "sc_eh", "sc_uid", "at_recipient_id",
        "bbeml", "vgo_ee", "user_email_address", "wtrid", "mi_u", "elqTrackId", "pk_vid", "ml_subscriber",
        "ml_subscriber_hash", "oly_enc_id", "vero_id", "bsft_eid", "bsft_uid",
    ]

    /// Prefixes: a parameter whose name starts with one of these is stripped.
    static let prefixes: [String] = [
        "utm_",           // Google Analytics campaign parameters
        "mtm_",           // Matomo campaigns
        "hsa_",           // HubSpot ads
        "elq",            // Oracle Eloqua: elq, elqTrackId, elqaid, elqat, elqCampaignId, elqak
        "oly_",           // Omeda Olytics
        "vero_",          // Vero
        "ml_subscriber",  // MailerLite
        "bsft_",          // Blueshift
        "awt_",           // Awin
        "oft_",           // Brave's list: oft_c, oft_ck, oft_d, oft_id, ...
        "dpg_",           // Drip-style campaign names listed by AdGuard
    ]

    /// `__s` (Drip) is stripped only when its value looks like an ID (six or more
    /// letters/digits), as AdGuard does; short values are ordinary site parameters.
    static let dripName: StaticString = "__s"

    /// Stripped even on unsubscribe and preference pages: campaign labels and ad click
    /// IDs, which never carry who the recipient is or what they are unsubscribing from.
    static let safeEverywhere: [String] = [
        "gclid", "gclsrc", "gbraid", "wbraid", "dclid", "msclkid", "fbclid", "twclid", "ttclid",
        "yclid", "ymclid", "ysclid", "srsltid", "_gl", "_ga", "irclickid", "rb_clickid",
        "wickedid", "unicorn_click_id",
    ]
    static let safeEverywherePrefixes: [String] = ["utm_"]

    // The lists above as byte look-ups, stored in the binary (see `FrozenNameSet`).
    static let globalMatcher = ByteNameSet(frozen: .paramGlobal, prefixes: prefixes)
    static let safeEverywhereMatcher = ByteNameSet(frozen: .paramSafeEverywhere, prefixes: safeEverywherePrefixes)

    /// Parameters kept when the path contains a marker (Brave's conditional keeps; the
    /// mkt_tok and ck_subscriber_id cases are also covered by the unsubscribe rule).
    static let keepIfPathContains: [(name: StaticString, markers: [StaticString])] = [
        ("mkt_tok", ["unsubscribe", "emailwebview"]),
        ("ck_subscriber_id", ["/unsubscribe"]),
        ("h_sid", ["/email/"]),
        ("h_slt", ["/email/"]),
    ]

    /// Parameters stripped only on some sites.
    struct Scope: Sendable {
        var vendor: String
        var matchesHost: @Sendable (LinkURL) -> Bool
        /// The scoped names and prefixes (`scopeMatchers` looks them up).
        var names: [String]
        var prefixes: [String]
    }

    /// Each scope's names and prefixes as a byte look-up, in `scopes` order.
    static let scopeMatchers: [ByteNameSet] = scopes.indices.map { k in
        let stored = FrozenNameSet.paramScopes
        // A scope the stored sets do not have yet is built here (the tests ask for
        // `swift run rules-index` then).
        return k < stored.count
            ? ByteNameSet(frozen: stored[k], prefixes: scopes[k].prefixes)
            : ByteNameSet(scopes[k].names, prefixes: scopes[k].prefixes)
    }

    static let scopes: [Scope] = [
        Scope(vendor: "LinkedIn", matchesHost: { $0.hostIs("linkedin.com") },
              // ClearURLs' `li[a-z]{2}` would also take `list`; name the known ones instead.
              names: ["trk", "trkEmail", "trkInfo", "midToken", "midSig", "eid", "trackingId",
                      "refId", "originalReferer", "upsellTrk", "upsellTrackingId",
                      "lipi", "lici", "licu"],
              prefixes: []),
        Scope(vendor: "Instagram", matchesHost: { $0.hostIs("instagram.com") },
              names: ["igsh", "igshid", "ig_rid"], prefixes: []),
        Scope(vendor: "X (Twitter)", matchesHost: { $0.hostIs("twitter.com") || $0.hostIs("x.com") },
              names: ["ref_src", "ref_url"], prefixes: []),
        Scope(vendor: "YouTube", matchesHost: { $0.hostIs("youtube.com") || $0.hostIs("youtu.be") },
              names: ["si"], prefixes: []),
        Scope(vendor: "Amazon", matchesHost: { $0.hostIsBrand("amazon") },
              names: ["qid", "sr", "_encoding", "ref_", "sprefix", "crid", "content-id"],
              prefixes: ["pd_rd_", "pf_rd_"]),
    ]

    /// Hosts where nothing is stripped: Proofpoint's rewriter signs its own parameters, and
    /// DuckDuckGo lists sites that break without theirs.
    static let exemptHosts: [StaticString] = [
        "urldefense.com", "urldefense.proofpoint.com",
        "axs.com", "centerwellpharmacy.com", "go365.com", "humana.com",
    ]

    /// Marks a page where the recipient manages their subscription; there only
    /// `safeEverywhere` parameters go. Matched case-insensitively in the path, in the
    /// values kept on such pages, and in the link text.
    static let unsubscribeMarkers: [StaticString] = [
        "unsubscribe", "unsub", "optout", "opt-out", "opt_out", "opt out",
        "preference", "subscription", "emailwebview", "manage-email", "manage_email",
        "abmelden", "abbestellen", "desinscri", "désinscri", "desabonn", "désabonn",
        "darse-de-baja", "darse de baja", "afmelden", "uitschrijven", "disiscriv",
    ]
}

/// What a stripped parameter tells whoever receives the click.
public enum TrackingParameter {
    /// True when the parameter's value names one recipient rather than a campaign or link.
    public static func identifiesRecipient(_ name: String) -> Bool { ParamRules.perRecipient.contains(name) }
}
