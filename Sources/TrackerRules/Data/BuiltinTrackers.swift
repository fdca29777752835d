/// The built-in tracker rules in Trackless's own line format, compiled into the binary.
///
/// Kept as a string literal rather than a resource so an installed binary never depends on
/// a bundle next to it; `BuiltinRules` parses it once, on first use. The format is
/// described in the header below and in docs/rules.md.
enum BuiltinTrackers {
    static let text = #"""
# Trackless built-in tracker rules.
#
# Our own data, written from facts (vendor names, hosts, path shapes) in these public lists,
# with thanks; no pattern text is copied from them:
#   MailTrackerBlocker (apparition47/MailTrackerBlocker, Source/MTBBlockedMessage.m @8a8c43c, BSD-3-Clause)
#   Simplify tracker list (leggett/simplify-trackers, js/simplify-tracker-blocklist.js @56f01d5, BSD-3-Clause)
#   Trocker (trockerapp/trocker, chrome/lists.js @be36adc, Apache-2.0)
#   dont-track-me (bendns/dont-track-me, shared/email_trackers.yaml @18b0f40, MIT)
#   EasyPrivacy email trackers (easylist/easylist, easyprivacy/easyprivacy_general_emailtrackers.txt
#     @00c5406, GPL-3.0 or CC BY-SA 3.0): Sailthru link.<sender>/img/ pixels, pixel.mathtag.com,
#     ap.lijit.com, facebook.com/tr, the Movable Ink mi_u parameter
# Analytics and ad-tech endpoints, from the vendors' own documentation of them:
#   Matomo: developer.matomo.org/api-reference/tracking-api (matomo.php, piwik.php; idsite and rec
#     required), matomo.org/faq/how-to/faq_176 (the image tracker, also for newsletter opens)
#   Google Analytics: developers.google.com/analytics/resources/concepts/gaConceptsTrackingOverview
#     (__utm.gif?utmwv=), .../devguides/collection/protocol/v1/reference (google-analytics.com/collect)
#   Adobe Analytics: experienceleague.adobe.com/docs/analytics/implementation/other/hardcoded.html
#     (/b/ss/<report suite>/<n>/ in every image request), .../vars/config-vars/trackingserver.html
#     ([rsid].data.adobedc.net); webanalyticsfordevelopers.com/2017/05/16/quick-tip-tracking-server-ssl/
#     (2o7.net, then <name>.sc.omtrdc.net tracking servers)
#   AT Internet / Piano: docs.tealium.com/client-side-tags/at-internet-smarttag (xiti.com or
#     ati-host.net collection, /hit.xiti), docs.dataflysignal.com/integrations/analytics/piano-analytics
#     (<id>.pa-cd.com collection domains)
#   Mapp Intelligence (Webtrekk): docs.mapp.com/docs/request-structure (/<track id>/wt?p=)
#   comScore: its tag's noscript image, b.scorecardresearch.com/p?c1=2&c2=<id> (as published in
#     rubydoc.info/gems/analytical, Analytical::Modules::Comscore)
#   INFOnline: docs.infonline.de/infonline-measurement/en/integration/web/pseudonym/pseudonym_newsletter/
#     (de.ioam.de/tx.io?st=), .../integration/web/zensus_newsletter/ (base.io?np=);
#     trackers.tweasel.org/t/infonline/ioam-tx-query (at.iocnt.net)
#   GfK: sensic.net/privacypolicy_en.html (sensic.net serves advertising and audience research)
#   WordPress.com / Jetpack: Automattic/jetpack source (pixel.wp.com g.gif, b.gif, t.gif; stats.wp.com)
#   OpenX: docs.openx.com/Content/developers/ad_request_api/email_ads.html (email image ad tags with a
#     per-recipient cs parameter)
#   LiveIntent: consentstack.io/vendors/liveintent (liadm.com)
#   LiveRamp: ats.rlcdn.com/ats.js, served from LiveRamp's rlcdn.com (developers.liveramp.com, ATS)
#   Criteo: consentstack.io/vendors/criteo (static.criteo.net, sslwidget, dis.eu, dis.us, gum and
#     bidder.criteo.com), guides.criteotilt.com/onetag/onetag/ (dynamic.criteo.com)
#   Xandr: learn.microsoft.com/xandr/curate/universal-pixel-code-structure (ib.adnxs.com/pixie)
#   Snowplow: docs.snowplow.io/docs/sources/pixel-tracker (/i?...&tv=no-js-, for HTML email)
#   GoatCounter: goatcounter.com/help/pixel (/count)
#   Parameter1 Email-X: docs.parameter1.com/email-x/topics/ad-placements (serve.email-x.io/view/)
#
# Format: one rule per line, fields separated by spaces; '#' starts a comment line.
#   = VENDOR NAME                       the rules below belong to this vendor
#   host HOSTS SHAPE [FLAGS] EXAMPLE    loads from HOSTS (or a subdomain) whose path matches SHAPE
#                                       ('*' = any path) are trackers
#   sig SHAPE [FLAGS] EXAMPLE           a path signature on any host (white-labelled domains)
#   esp HOSTS EXAMPLE                   a mail platform's content host: images are judged by
#                                       heuristics (vendor named), other loads are removed
#   word WORD EXAMPLE                   a host containing WORD is a tracking host
#   fonts HOSTS EXAMPLE                 fonts and stylesheets from HOSTS are not trackers
# HOSTS: comma-separated; '#' in a host stands for a run of digits (cmail#.com: cmail20.com).
# SHAPE: see PathShape.swift: literal bytes, '*' any run, <d> digits, <x> hex, <l> letters,
#   <u> upper case, <w> [A-Za-z0-9_.-], <s> anything but / ? & #, with counts <d4> (at least
#   four) or <d2-3>; '$' is the end of the path. Case-sensitive unless 'nocase'.
# FLAGS: weak (only counts for a tiny or hidden load), nocase, kinds=image,background,...
# EXAMPLE: a URL the rule must match; tests check every rule against its own example.
#
# Hazards kept in mind (broad path-only patterns break mail): such rules are marked weak,
# and hosts that also serve content images are weak or esp rather than whole-host trackers.

= Absolute Software
host click.absolutesoftware-email.com /open.aspx https://click.absolutesoftware-email.com/open.aspx?ffcb10-ab12
= 1&1
host simg.1und1.de * weak https://simg.1und1.de/p/8f3a2c/0.gif
host oc.ionos.com /?utm_rid= https://oc.ionos.com/?utm_rid=EM77120934&utm_mid=31
host t.ionos.com /oms_p/ https://t.ionos.com/oms_p/4Fz9kQ2xL0/open.gif
= 365offers.trade
host trk.365offers.trade * https://trk.365offers.trade/o/AbC123xyz
= 3hands
host mi.pbz.jp * https://mi.pbz.jp/o/3f2a9c1b
= 4Cite
sig */?sv_cid= https://www.shop.example/?sv_cid=7712_8812&sv_e=1
= ActiveCampaign
sig */lt.php?*l=open https://news.shop.example/lt.php?s=9b1f0c&i=12A34A5A6&l=open
sig */lt.php? weak https://news.shop.example/lt.php?x=3Dq1a2b3
sig */Prod/link-tracker?nl= https://acme.lt.shop.example/Prod/link-tracker?nl=2&c=11&m=14&s=8c1d
esp activecampaign.com https://www.activecampaign.com/images/logo-email.png
= Act-On
host actonsoftware.com * weak https://mkt.actonsoftware.com/acton/bn/12345/visitor.gif?ts=1
= activecore
host h-cast.jp /mail_open https://h-cast.jp/mail_open?id=88213&k=a9f2
= Acoustic
sig */open/log/ https://links.e.shop.example/open/log/2Fz81/kZ9aQ.gif
host mkt#.com,mkt#.net /open https://mkt4477.com/open?id=Zx81kq&c=3
sig */eos/v1/<w> https://links.e.shop.example/eos/v1/a8f21c0d9e
= ADAC
host mailing.adac.de /tr/ https://mailing.adac.de/tr/op/Zq81x0
= AdComplete
sig */banman.asp? https://ads.news.example/banman.asp?ZoneID=12&Task=Get&X=1
= Adtriba
host d.adtriba.com * https://d.adtriba.com/pixel?ad=1&e=a8b
= Adobe
sig */trk?t=1&mid= https://t.shop.example/trk?t=1&mid=552-AAA-123:81720:0:0
sig */trk?t= weak https://t.shop.example/trk?t=4&x=81720
host demdex.net * https://dpm.demdex.net/ibs:dpid=411&dpuuid=ab81c
host t.info.adobesystems.com * https://t.info.adobesystems.com/r/?id=h1a2,b3c4,1
host toutapp.com * https://email.toutapp.com/t/o/8f2a
host 2o7.net * https://acme.112.2o7.net/b/ss/acme/1/H.20/s1234
sig */r/?id=<w>,<w>,1 https://t.news.shop.example/r/?id=h2c4e6,a1b2c3,1
sig */ee/v1/open https://t.news.shop.example/ee/v1/open?tracking=AbC81
host postoffice.adobe.com /po-server/link/open https://postoffice.adobe.com/po-server/link/open?id=9a8b
host marketo.com /trk https://na-ab12.marketo.com/trk?t=1&mid=ab12
host mktotracking.com * https://app-ab12.mktotracking.com/o/ab12
host marketo.com * weak https://na-ab12.marketo.com/rs/123-ABC-456/images/px.gif?e=1
host sc.omtrdc.net * https://acme.sc.omtrdc.net/b/ss/acmeprod/1/JS-2.22.0/s81723?AQB=1&pageName=newsletter&AQE=1
host data.adobedc.net * https://acmeprod.data.adobedc.net/b/ss/acmeprod/1/s2342384?AQB=1&AQE=1
sig */b/ss/<s>/<d1-2>/ https://metrics.shop.example/b/ss/acmeprod/1/JS-2.22.0/s81723?AQB=1&pageName=newsletter&AQE=1
= AgileCRM
host agle2.me /open https://agle2.me/open?e=ab12&n=1
= Agoda
host xml.agoda.com /EmailTracking/api/emailtracking/Open https://xml.agoda.com/EmailTracking/api/emailtracking/Open?id=81723
= Air Miles
host email.airmiles.ca /O/ https://email.airmiles.ca/O/v60000017b2f3a1c/8E4F2A
= Aislelabs
host app.aislelabs.com /o/emailv3/emailv3onepixel.jsp https://app.aislelabs.com/o/emailv3/emailv3onepixel.jsp?e=ab81
= Alaska Airlines
host click.points-mail.com /open https://click.points-mail.com/open?ejid=7a8b&x=1
host sjv.io /i/ https://alaskaair.sjv.io/i/1234/5678/9012
host gqco.net /i/ https://alaskaair.gqco.net/i/1234/5678/9012
= Alibaba
host ae.mmstat.com /ae.edm.edm_open https://ae.mmstat.com/ae.edm.edm_open?eid=1&uid=2
= Alida
sig *.png1$ https://survey.news.example/o/a8f2c9.png1?x=1
= All Nippon Airways
host amc.ana.co.jp /bin/checker https://amc.ana.co.jp/bin/checker?id=ab12
= Amazon
host amazon.com,amazon.co.uk,amazon.de,amazon.fr,amazon.it,amazon.es,amazon.ca,amazon.co.jp,amazon.in,amazon.com.au,amazon.com.mx,amazon.com.br,amazon.nl,amazon.se,amazon.pl /nms/img/ https://sellercentral-europe.amazon.de/nms/img/ab81c2?sid=4
host amazon.com,amazon.co.uk,amazon.de,amazon.fr,amazon.it,amazon.es,amazon.ca,amazon.co.jp,amazon.in,amazon.com.au,amazon.com.mx,amazon.com.br,amazon.nl,amazon.se,amazon.pl /gp/r.html https://www.amazon.com/gp/r.html?C=1A2B&R=3C4D&T=O&U=http%3A%2F%2Fimages.amazon.com%2Fx.gif
host amazon.com,amazon.co.uk,amazon.de,amazon.fr,amazon.it,amazon.es,amazon.ca,amazon.co.jp,amazon.in,amazon.com.au,amazon.com.mx,amazon.com.br,amazon.nl,amazon.se,amazon.pl /gp/forum/email/tracking https://www.amazon.co.uk/gp/forum/email/tracking?id=ab81
= Amazon SES
host awstrack.me * https://a1b2c3d4.r.us-east-1.awstrack.me/I0/0100018c2f3a4b5c-6d7e8f90-000000/Zx9yW8vU7tS6rQ5pO4nM3=351
word aws-track-email-open https://aws-track-email-open.s3.amazonaws.com/o/8f2a.gif
sig */aws-track-email-open/ https://s3.amazonaws.com/aws-track-email-open/o/8f2a.gif
host amazonappservices.com /trk https://email.amazonappservices.com/trk?x=1&e=ab
host amazonappservices.com /r/ https://email.amazonappservices.com/r/?id=ab81
host awscloud.com /trk https://mail.awscloud.com/trk?id=12&e=ab
sig */CI0/*/*=<d3> https://track.news.shop.example/CI0/0100018c2f3a4b5c-6d7e8f90/AbCdEf=351
sig /I0/<s>/*=<d> https://t.news.shop.example/I0/0100018c2f3a4b5c-6d7e8f90-000000/Zx9yW8vU7tS6=351
= Amobee
host d.turn.com /r/ https://d.turn.com/r/dd/id/L2NzaWQvMS9jaWQvMTIzNA
= Apo.com
host info.apo.com /op/ https://info.apo.com/op/a1b2c3/open.gif
= Apple
host apple.com /report/2/its_mail_sf https://www.apple.com/report/2/its_mail_sf?k=a1b2
sig */apple_email_link/spacer https://news.apple.example/apple_email_link/spacer.gif?id=ab12
= Appriver
host appriver.com /e1t/o/ https://t.appriver.com/e1t/o/5/f18dQhb0S7lM8d
= Apptivo
host apptivo.com * weak https://mail.apptivo.com/app/track.gif?id=ab81
= Artegic
host elaine-asp.de * weak https://news.elaine-asp.de/go/ab12/open.gif
= Ashby
host app.ashbyhq.com /api/beacon/email-read/ https://app.ashbyhq.com/api/beacon/email-read/5c1f2a3b-1234-4abc-9def-0123456789ab
= Asana
host app.asana.com /-/open https://app.asana.com/-/open?u=1203&e=4561
= ASUSTeK
host emditpison.asus.com * https://emditpison.asus.com/o/a1b2
= Atlassian
host i.trellomail.com /e/eo https://i.trellomail.com/e/eo?_t=ab12cd&_m=ef34&_e=gh56
host sptrack.trello.com /q/ https://sptrack.trello.com/q/ab12~~/AAAAAQA~/RgRj
host bitbucket.org /account/notifications/mark-read/ https://bitbucket.org/account/notifications/mark-read/abc123/
= AT&T
host clicks.att.com /OCT/eTrac?EMAIL_ID= https://clicks.att.com/OCT/eTrac?EMAIL_ID=12345&src=x
= AutoAlert
host dealer.autoalert.com /email/tracking/open https://dealer.autoalert.com/email/tracking/open?id=9
host fzlnk.com /AutoAlertEmailHandler.ashx https://fzlnk.com/AutoAlertEmailHandler.ashx?e=1
= Aurea
sig */1.gif$ weak https://mail.news.example/t/ab12/1.gif
= Autopilot
host autopilotmail.io,autopilotmail#.io * https://api.autopilotmail1.io/o/ab12
= AWeber
host openrate.aweber.com * https://openrate.aweber.com/a/ab12.gif
esp aweber.com https://hostedimages-cdn.aweber.com/acme/logo.png
= Axios
host link.axios.com /img/*.gif https://link.axios.com/img/ab12cd/open.gif
= Bento
host app.bentonow.com /ahoy/messages/ https://app.bentonow.com/ahoy/messages/ab12cd/open.gif
host track.bentonow.com /tracking/emails/ https://track.bentonow.com/tracking/emails/ab12/open
= Bananatag
host bl-1.com * https://bl-1.com/t/o/ab12cd
host bananatag.com * weak https://app.bananatag.com/o/ab12.gif
= Bazaarvoice
host bazaarvoice.com /a.gif https://network.bazaarvoice.com/a.gif?source=email&cl=1
= Bison
host clicks.bisonapp.com * https://clicks.bisonapp.com/o/ab12
= Bandsintown
host px1.bandsintown.com * https://px1.bandsintown.com/o.gif?e=ab12
= SendGrid white label (beehiiv, Optimove)
sig */ss/o/<w>/<w3-3>/ https://link.mail.news.example/ss/o/u001.AbCdEfGh12/4aa/Zx9yW8vU7tS6/ho.gif
= beehiiv
esp beehiiv.com https://media.beehiiv.com/cdn-cgi/image/fit=scale-down,format=auto/uploads/asset/file/ab12/hero.png
= Benchmark Email
host bmetrack.com /c/o https://bmetrack.com/c/o?e=ab12&c=34
= Blackbaud
host support.planetary.org /site/PixelServer https://support.planetary.org/site/PixelServer?pixel_id=12
sig */smtp.mailopen?id= https://news.charity.example/smtp.mailopen?id=ab12cd
sig */smtp.mailopen$ https://news.charity.example/smtp.mailopen
= Bloomreach
host exponea.com /*/open$ https://cdn.us1.exponea.com/ab12-cd34/e/5f6a/open?x=1
= Blueshift
host getblueshift.com /track https://api.getblueshift.com/track?uid=ab12&mid=34
host blueshiftmail.com /wf/open https://links.blueshiftmail.com/wf/open?upn=ab12
= British Airways
host britishairways.com /cms/global/assets/images/global/email_images/structural/primary1px.gif https://www.britishairways.com/cms/global/assets/images/global/email_images/structural/primary1px.gif?id=1
= Bombcom
host bixel.io * https://bixel.io/t.gif?e=ab12
= Boomerang
host mailstat.us /tr https://mailstat.us/tr/t/ab12cd/e/o.gif
host boomeranggmail.com * weak https://www.boomeranggmail.com/t/ab12.gif
= Boots
host boots.com /rts/open.aspx https://email.boots.com/rts/open.aspx?tp=ab12
= Boxbe
host boxbe.com /stfopen https://www.boxbe.com/stfopen?tc_serial=12&tc_rand=34
= Braze
esp braze.com,appboy-images.com,braze-images.com https://braze-images.com/appboy/communication/assets/image_assets/images/ab12/original.png
= Browserstack
host browserstack.com /images/mail/track-open https://www.browserstack.com/images/mail/track-open?id=ab12
= BuzzStream
host tx.buzzstream.com * https://tx.buzzstream.com/o/ab12cd
= Campaign Monitor
host cmail#.com /t/ https://acme.cmail20.com/t/d-o-abcdef-l/o.gif
host createsend#.com,createsend.com /t/ https://acme.createsend1.com/t/d-o-abcdef-l/o.gif
esp createsend#.com,createsend.com,cmail#.com https://i1.createsend1.com/ei/d/AB/123/456/hero.jpg
= Campaigner
host trk.cp20.com /open/ https://trk.cp20.com/open/1_ab12cd
= CanaryMail
host canarymail.io /track https://receipts.canarymail.io:8443/track/ab12cd
= Cheetah Digital
sig */rts/open.aspx?tp= https://e.news.shop.example/rts/open.aspx?tp=ab12cd
= ChurnZero
host t.churnzero.net /ss/o/ https://t.churnzero.net/ss/o/ab12cd/3fa/ef56/ho.gif
= CircleCI
host email.circleci.com /o/ https://email.circleci.com/o/eJwFwd0ab12
= Cirrus Insight
host tracking.cirrusinsight.com * https://tracking.cirrusinsight.com/o/ab12
host cirrusinsight.com * weak https://app.cirrusinsight.com/o/ab12.gif
= Clarivate
sig */email/track?a= https://news.clarivate.example/email/track?a=ab12&b=34
= CLICKBOTPROTECTION
host inthemoon.com /r2.php https://inthemoon.com/r2.php?u=ab12
= ClickMeter
host pixel.watch * https://pixel.watch/ab12cd
= Clio
host app.clio.com /tracking_pixel https://app.clio.com/tracking_pixel?id=ab12
host market.clio.com /trk https://market.clio.com/trk?t=1&mid=ab
= Close
host close.io,close.com /email_opened https://app.close.com/email_opened/ab12cd/
word dripemail2 https://dripemail2.s3.amazonaws.com/o/ab12.gif
= cloudHQ
host cloudhq.io /mail_track https://www.cloudhq.io/mail_track/ab12cd/open.gif
host cloudhq-mkt#.net /mail_track https://www.cloudhq-mkt3.net/mail_track/ab12cd
= Coda
host coda.io /logging/ping https://coda.io/logging/ping?e=ab12
= CommissionSoup
host cstrk.net /imp.aspx?l= https://www.cstrk.net/imp.aspx?l=1234&s=ab
= ConneQuityMailer
host connequitymailer.com /open/ https://www.connequitymailer.com/open/ab12cd
= Conrad
host aktuell.conrad.de /g.html https://aktuell.conrad.de/g.html?uid=ab12&c=34
= Constant Contact
host rs6.net /on.jsp https://r20.rs6.net/on.jsp?a=1101234567890&r=3&c=abcd&d=1&x=y
host constantcontact.com /images/p1x1.gif https://img.constantcontact.com/images/p1x1.gif?x=1
esp constantcontact.com https://files.constantcontact.com/ab12cd/hero.jpg
= ContactMonkey
host contactmonkey.com /api/v1/tracker https://tracking.contactmonkey.com/api/v1/tracker?cm_session=ab12
= Copernica
sig */image/<d4>/<w>/image.gif?cdmiv= https://news.shop.example/image/1234/ab12cd/image.gif?cdmiv=ab12
sig */images/pixel2.gif?pomiv= https://news.shop.example/images/pixel2.gif?pomiv=ab12
= Kit (ConvertKit)
host convertkit-mail.com,convertkit-mail#.com /o/ https://acme.convertkit-mail.com/o/ab12cd
host open.convertkit-mail.com,open.convertkit-mail#.com * https://open.convertkit-mail2.com/ab12cd
esp convertkit.com,filekitcdn.com https://embed.filekitcdn.com/e/ab12/hero.png
= Copper
host prosperworks.com /tp/t https://app.prosperworks.com/tp/t?id=ab12
= Cordial
sig */o/p/<d4>: https://e.news.shop.example/o/p/1234:ab12cd:5678/
= Cprpt
sig */o.aspx?t= weak https://t.news.shop.example/o.aspx?t=ab12cd
= Creditmantri.com
host mailer.creditmantri.com /t/ https://mailer.creditmantri.com/t/ab12cd
= Critical Impact
host portal.criticalimpact.com /c2/ https://portal.criticalimpact.com/c2/o.php?e=ab12
= Cuenote
host cuenote.jp /c/ https://acme.cuenote.jp/c/ab12cd/o.gif
= Curumeru
host crmf.jp * https://acme.crmf.jp/o/ab12
= Customer.io
host customeriomail.com /e/o https://e.customeriomail.com/e/o/eyJlbWFpbF9pZCI6IkRnVEtBd0FBQVlz
host track.customer.io /e/o https://track.customer.io/e/o/eyJlbWFpbF9pZCI6IkRnVEtBd0FBQVlz
sig */e/o/eyJ https://email.shop.example/e/o/eyJlbWFpbF9pZCI6IkRnVEtBd0FBQVlz
sig */e/o/<w20> https://email.shop.example/e/o/AbCdEfGh1234567890XyZw
= Cyberimpact
host app.cyberimpact.com /footer-image https://app.cyberimpact.com/footer-image?id=ab12
= Data Axle
host ympxl.com /log.gif https://ympxl.com/log.gif?e=ab12
= dataX
host openedlog.bdash-cloud.com /opened https://openedlog.bdash-cloud.com/opened?m=ab12
host openedlog.smart-bdash.com /opened https://openedlog.smart-bdash.com/opened?m=ab12
= Dating Profits
host click.xnxxinc.com /campaign/track-email/ https://click.xnxxinc.com/campaign/track-email/123456__123__1234567__123
= Deployteq
host click.centraalbeheer.nl * https://click.centraalbeheer.nl/o/ab12cd
host e.wehkamp.nl * weak https://e.wehkamp.nl/o/ab12cd.gif
host e.bax-shop.nl * weak https://e.bax-shop.nl/o/ab12cd.gif
= DidTheyReadIt
host xpostmail.com * https://xpostmail.com/ab12cd.gif
= Discord
host discord.com /api/science/ https://discord.com/api/science/ab12cd
= Disney
host clk.messaging.go.com /c/<d2-2>/bcasts/<d10-10>/view https://clk.messaging.go.com/c/12/bcasts/1234567890/view?e=ab
= DocuMatix
host enews.itcu.org /op?m= https://enews.itcu.org/op?m=ab12cd
= Doorkeeper
host r.doorkeeper.jp /*.png https://r.doorkeeper.jp/ab12cd.png
= dotdigital
host trackedlink.net * weak https://r1.trackedlink.net/o/ab12cd.gif
host dmtrk.net * weak https://r1.dmtrk.net/o/ab12cd.gif
host email.syntricate.com.au * weak https://email.syntricate.com.au/o/ab12cd.gif
= Driftem
host driftem.com /ltrack https://driftem.com/ltrack?e=ab12
= Drop
host pixel.massdrop.com /open/pixel.gif https://pixel.massdrop.com/open/pixel.gif?e=ab12
= Dropbox
host dropbox.com /l/ kinds=image,background https://www.dropbox.com/l/AAB12cdEF34/email_open
= DZone
host mailer.dzone.com /open.php https://mailer.dzone.com/open.php?id=ab12
= Dyson
host tracking.dyson.com /t/ https://tracking.dyson.com/t/ab12cd
= eBay
host ebayadservices.com /marketingtracking/v1/impression https://www.ebayadservices.com/marketingtracking/v1/impression?mkevt=4&mkcid=7
= Ebsta
host console.ebsta.com * https://console.ebsta.com/t/ab12
sig */ebsta.gif$ https://track.sales.example/ebsta.gif?id=ab12
host ebsta.com /r/ https://www.ebsta.com/r/ab12cd
= EdgeSuite
host epidm.edgesuite.net * https://epidm.edgesuite.net/o/ab12
= eGain
host notify.egain.cloud /egain/notify/ https://acme.notify.egain.cloud/egain/notify/open?id=ab
= Email on Acid
host eoapxl.com * https://ab12cd.eoapxl.com/ab12cd/ea
= Egocdn
host egocdn.com /syn/mail_s.php https://www.egocdn.com/syn/mail_s.php?id=ab12
= EmailTracker.website
host my-email-signature.link * https://my-email-signature.link/o/ab12
= Emarsys
sig */mo/<w>.gif weak https://link.news.shop.example/mo/ab12cd_34.gif
host emarsys.com /e2t/o/ https://link.emarsys.com/e2t/o/ab12cd
host runtastic.com /mo/ https://news.runtastic.com/mo/ab12cd_34.gif
= EmberPoint
host mpse.jp * https://acme.mpse.jp/o/ab12
= Envoke
host envoke.com /o/ https://e.envoke.com/o/ab12cd
= Epic Games
host accts.epicgames.com /O/ https://accts.epicgames.com/O/v60000017ab12cd/ef34
= Epsilon
host login.dotomi.com /ucm/UCMController https://login.dotomi.com/ucm/UCMController?a=b&c=d
sig */O/<w>/<w> weak https://t.news.shop.example/O/v60000017ab12cd/ef34ab
host ind.dell.com * https://ind.dell.com/o/ab12
= Escalent
host email-analytics.morpace.com * https://email-analytics.morpace.com/b/ab12.gif
= eSputnik
host esputnik.com /repository/applications/commons/hidden.png https://esputnik.com/repository/applications/commons/hidden.png?e=ab
= Etransmail
host ftrans03.com /linktrack/ https://ftrans03.com/linktrack/o/ab12
= EventBrite
host eventbrite.com /emails/action https://www.eventbrite.com/emails/action/?recipient=ab12&type=open
= EventsInYourArea
host eventsinyourarea.com /track/ https://www.eventsinyourarea.com/track/open/ab12
= EveryAction
host click.everyaction.com /j/ https://click.everyaction.com/j/ab12cd
= Evite
host pippio.com /api/sync https://pippio.com/api/sync?pid=123&it=1
host nli.evite.com /imp https://nli.evite.com/imp?s=123
= ezyVet
host ezyvet.com /email_open_log.php https://acme.ezyvet.com/email_open_log.php?id=ab
= Fastic
sig */e/eo?_t= https://mail.fastic.example/e/eo?_t=ab12cd&_m=ef
= Flatastic
host api.flatastic-app.com /index.php/img https://api.flatastic-app.com/index.php/img?e=ab12
= Flipkart
host flipkart.com /t/open https://www.flipkart.com/t/open?e=ab12
= ForMirror
host formirror.com /open/ https://formirror.com/open/ab12cd
= FreeLancer
host freelancer.com /1px.gif https://www.freelancer.com/1px.gif?id=ab12
= FreshMail
sig */o/<w10>/<w10> weak https://mail.shop.example.pl/o/ab12cd34ef/gh56ij78kl
= Front
host app.frontapp.com */seen https://app.frontapp.com/api/1/noauth/companies/acme/seen/ab12
host app.frontapp.com * weak https://app.frontapp.com/o/ab12.gif
host web.frontapp.com /api https://web.frontapp.com/api/1/noauth/companies/acme/seen/ab12
= FullContact
host fullcontact.com /wf/open https://email.fullcontact.com/wf/open?upn=ab12
= GearBest
host appinthestore.com /marketing/mail-user-deal/open https://www.appinthestore.com/marketing/mail-user-deal/open?id=ab
= Gem
host zen.sr /o https://zen.sr/o/ab12cd
= GetNotify
host email81.com * https://email81.com/case/ab12cd.gif
host getnotify.com * weak https://www.getnotify.com/o/ab12.gif
= GetResponse
sig */open.html?x= https://news.shop.example/open.html?x=ab12cd
host getresponse.com /open.html https://app.getresponse.com/open.html?x=ab12
host getresponse.com * weak https://app.getresponse.com/o/ab12.gif
= GitHub
host github.com /notifications/beacon/ https://github.com/notifications/beacon/AB12CD34EF56GH78.gif
= Glassdoor
host mail.glassdoor.com /pub/as https://mail.glassdoor.com/pub/as?_ri_=X0Gzc2X&_ei_=Cd34
= G-Lock Analytics
host fssdev.com /t/?p https://www.fssdev.com/t/?p=ab12&e=1
host fssdev.com /t/?o https://www.fssdev.com/t/?o=ab12&e=1
= Gmass
host ec2-52-26-194-35.us-west-2.compute.amazonaws.com * https://ec2-52-26-194-35.us-west-2.compute.amazonaws.com/x/open?id=ab
host gmreg#.net * https://link.gmreg1.net/o/ab12
host gmtrack.net * https://gmtrack.net/o/ab12
= Gmelius
host gml.email * https://gml.email/o/ab12
= GoDaddy
host email.cloud.secureclick.net /view? https://email.cloud.secureclick.net/view?id=ab12
host img.secureserver.net /bbimage.aspx https://img.secureserver.net/bbimage.aspx?pl=ab12
= gogcli
word gog-email-tracker- https://gog-email-tracker-ab12.workers.dev/o/ab12
= Google
host ad.doubleclick.net /ddm/ad https://ad.doubleclick.net/ddm/ad/N1234.5678/B9012;sz=1x1
host doubleclick.net * https://stats.g.doubleclick.net/r/collect?v=1&tid=UA-1
host google-analytics.com * https://www.google-analytics.com/collect?v=1&tid=UA-12345-1&cid=ab12&t=event
host google.com /appserve/mkt/img/ https://www.google.com/appserve/mkt/img/AB12cd.gif
host notifications.google.com /g/img/ https://notifications.google.com/g/img/AB12cd.gif
host youtube.com /gen_204 https://www.youtube.com/gen_204?a=em-open&id=ab
host notifications.googleapis.com /email/t https://notifications.googleapis.com/email/t/AB12cd/open.gif
host youtube.com /attribution_link https://www.youtube.com/attribution_link?a=ab12&u=%2F
sig */__utm.gif?utmwv= https://www.shop.example/__utm.gif?utmwv=5.3.8&utmn=1797201820&utmac=UA-30138-1
= Grammarly
host grammarly.com /open https://email.grammarly.com/open?e=ab12
= Granicus
host govdelivery.com /track https://links.govdelivery.com:443/track?type=open&enid=ab12
host links.ssa.gov /track https://links.ssa.gov/track?type=open&enid=ab12
= GreenMail
host greenmail.co.in * https://greenmail.co.in/o/ab12
= Groupon
host groupon.com /analytic/track.gif? https://www.groupon.com/analytic/track.gif?e=ab12
= GrowthDot
host growthdot.com /api/mail-tracking https://app.growthdot.com/api/mail-tracking?id=ab12
= Higher Logic
host informz.net /z/<w>/image.gif https://acme.informz.net/z/cjUucD9taT0xMjM0/image.gif
= Hiretual
host api.hiretual.com /webhooks/tracking/open/ https://api.hiretual.com/webhooks/tracking/open/ab12cd
= Homeaway
host trk.homeaway.com * https://trk.homeaway.com/o/ab12
= HubSpot
host t.hubspotemail.net,t.hubspotfree.net * https://t.hubspotemail.net/e1t/o/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
host t.signauxun.com,t.signauxdeux.com,t.signauxtrois.com,t.signauxquatre.com,t.signauxcinq.com,t.signauxsix.com,t.signauxsept.com,t.signauxhuit.com,t.signauxneuf.com,t.signauxdix.com,t.signauxfaibles.com * https://t.signauxdeux.com/e1t/o/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
host t.signaleuna.com,t.signaledue.com,t.signaletre.com,t.signalequattro.com,t.signalecinque.com * https://t.signaletre.com/e1t/o/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
host t.senaluno.com,t.senaldos.com,t.senaltres.com,t.senalquatro.com,t.senalcinco.com * https://t.senaldos.com/e1t/o/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
host t.sigopn#.com,t.sidekickopen#.com,t.strk#.email,t.hsmsdd.com * https://t.sidekickopen07.com/e1t/o/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
host track.getsidekick.com,track.hubspot.com * https://track.hubspot.com/__ptq.gif?a=123&k=14&r=ab
sig */e2t/o/ https://t.news.shop.example/e2t/o/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
sig */e2t/c/ https://t.news.shop.example/e2t/c/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
sig */e2t/to/ https://t.news.shop.example/e2t/to/5/f18dQhb0S7ks8dDMPbW2n0x6l2B9nMJW7t5XZs1p
host hubspotlinks.com /bto/ nocase https://d1abcd04.na1.hubspotlinks.com/Bto/5/v3/W2n0x6l2B9nMJ
host hubspotlinks.com /cto/ nocase https://d1abcd04.na1.hubspotlinks.com/Cto/5/v3/W2n0x6l2B9nMJ
sig */e3t/Bto/ https://d1abcd04.news.shop.example/e3t/Bto/5/v3/W2n0x6l2B9nMJ
sig */e3t/Cto/ https://d1abcd04.news.shop.example/e3t/Cto/5/v3/W2n0x6l2B9nMJ
sig */e3t/bto/ https://d1abcd04.news.shop.example/e3t/bto/5/v3/W2n0x6l2B9nMJ
sig */e3t/cto/ https://d1abcd04.news.shop.example/e3t/cto/5/v3/W2n0x6l2B9nMJ
esp hubspot.com,hubspot.net,hubspotemail.net,hubspotusercontent-na#.net,hubspotusercontent-eu#.net,hubspotusercontent#.net,hubspotusercontent.com https://hs-1234567.f.hubspotemail.net/hub/1234567/hubfs/logo.png
= Hunter.io / MailTrack
host mltrk.io /pixel https://mltrk.io/pixel/ab12cd
= Hyper Hyper
host hyperhub.com.au /newhub/api/email/track https://hyperhub.com.au/newhub/api/email/track?id=ab
= iContact
host icptrack.com /icp https://click.icptrack.com/icp/track.php?msgid=123&act=ab
= Indeed
host subscriptions.indeed.com /imgping https://subscriptions.indeed.com/imgping?eid=ab12
= Inflection
host tracking.inflection.io * https://tracking.inflection.io/o/ab12
= Infobip
sig */tracking/1/open/ https://t.news.shop.example/tracking/1/open/ab12cd
= Keap (Infusionsoft)
host infusionsoft.com /app/emailOpened https://acme.infusionsoft.com/app/emailOpened?id=ab12
host keap-link#.com /v2/render/ https://acme.keap-link012.com/v2/render/ab12cd
= Insightly
host insgly.net /api/trk https://insgly.net/api/trk?id=ab
= Integral Ad Science
host pixel.adsafeprotected.com * https://pixel.adsafeprotected.com/rjss/st/123/456/skeleton.gif
= Intercom
host via.intercom.io /o https://via.intercom.io/o/ab12cd
host intercom-mail.com,intercom-mail-#.com /o https://acme.intercom-mail.com/o/ab12cd
host intercom-mail.com,intercom-mail-#.com /q https://acme.intercom-mail-200.com/q/ab12cd
host intercom-mail.com,intercom-mail-#.com /via/ https://acme.intercom-mail.com/via/o?id=ab12cd
esp intercom.io,intercomcdn.com https://downloads.intercomcdn.com/i/o/12345/ab12/logo.png
= Mailchimp
host list-manage.com,list-manage#.com /track https://acme.us5.list-manage.com/track/open.php?u=1a2b3c4d5e&id=6f7a8b9c&e=0d1e2f3a4b
host us#.mailchimp.com /mctx/opens https://us5.mailchimp.com/mctx/opens?xid=ab12&uid=34
sig */track/open.php?u= https://news.shop.example/track/open.php?u=1a2b3c4d5e&id=6f7a8b9c&e=0d1e2f3a4b
esp mcusercontent.com,mailchimp.com,mailchi.mp https://mcusercontent.com/1a2b3c4d5e6f7a8b9c0d1e2f3/images/ab12-cd34/hero.jpg
= Mandrill
host mandrillapp.com /track https://mandrillapp.com/track/open.php?u=ab12&id=cd34
= Inxmail
sig */d/d.gif? https://news.shop.example/d/d.gif?id=ab12
= Lidl
host servicemails.lidl.de /d/d.gif https://servicemails.lidl.de/d/d.gif?id=ab12
= Is-tracking-pixel-api-prod.appspot.com
host is-tracking-pixel-api-prod.appspot.com * https://is-tracking-pixel-api-prod.appspot.com/api/v2/track/ab12.gif
= Iterable
sig */s/eo/<w>/<w>/<d2> https://links.news.shop.example/s/eo/ab12-Cd34_ef/XYZ123abc/12
esp iterable.com https://library.iterable.com/123/456/ab12-hero.png
= Japan Railway
host expy.jp /c/ https://expy.jp/c/ab12cd
= Jeeng
sig */stripe/image?cs_ https://powerinbox.news.example/stripe/image?cs_email=ab&cs_stripeid=12
= LaunchBit
host launchbit.com /taz-pixel https://launchbit.com/taz-pixel/ab12
= LinkedIn
host linkedin.com /emimp/ https://www.linkedin.com/emimp/ip_ab12cd.gif
host help.linkedin.com /rd/ https://help.linkedin.com/rd/ab12
= Litmus
host emltrk.com * https://ab12cd.emltrk.com/ab12cd?p&d=ab
= Liveclicker
host em.realtime.email /service/rte?kind=duration https://em.realtime.email/service/rte?kind=duration&sig=ab12
= LiveIntent
sig */imp?s=<d6> https://i.news.shop.example/imp?s=123456&li=ab
host liadm.com * https://i.liadm.com/s/e/a-0123?duid=ab12cd
= Locaweb
sig */accounts/<d4>/messages/<d3>/openings/<d5>?envelope_id= https://emailmarketing.locaweb.com.br/accounts/1234/messages/123/openings/12345?envelope_id=ab12
= LogDNA
host ping.answerbook.com * https://ping.answerbook.com/ab12/open.gif
= Keychron
host keychron.com /_t/open/ https://www.keychron.com/_t/open/ab12cd
= Klaviyo
host trk.klaviyomail.com * https://trk.klaviyomail.com/ab12cd/open.gif
host klclick.com,klclick#.com /o/ https://ctrk.klclick1.com/o/ab12cd
esp klaviyo.com,d3k81ch9hvuctc.cloudfront.net https://d3k81ch9hvuctc.cloudfront.net/company/AbC123/images/5c1f2a3b-1234-4abc-9def-0123456789ab.png
= Magento
host magento.com /trk https://email.magento.com/trk?t=1&mid=ab
host magento.com /wf/open https://email.magento.com/wf/open?upn=ab12
host go.rjmetrics.com * https://go.rjmetrics.com/o/ab12
= Mailbird
host tracking.getmailbird.com /OpenTrackingPixel/ https://tracking.getmailbird.com/OpenTrackingPixel/ab12cd.png
= Mailbutler
host mailbutler.io /tracking/ https://bowtie.mailbutler.io/tracking/hit/ab12cd/c.gif
= Mailcampaigns
host interface.mailcampaigns.nl /v<d>/t/ https://interface.mailcampaigns.nl/v2/t/ab12cd
= Mailcastr
host mailcastr.com /image/ https://mailcastr.com/image/ab12cd
= MailCoral
host mailcoral.com /open https://mailcoral.com/open?e=ab12
= MailerLite
sig */link/o/ https://clicks.news.shop.example/link/o/ab12cd
host clicks.mlsend.com * https://clicks.mlsend.com/tj/o/ab12cd
esp mlcdn.com https://storage.mlcdn.com/account_image/12345/hero.jpg
= Mailgun
sig */o/eJ https://email.news.shop.example/o/eJwNy0EOgjAQQNG7sK5J
host mailgun.com,mailgun.org * weak https://email.mailgun.org/o/ab12.gif
= Upwork
host email.mg.upwork.com /o/ https://email.mg.upwork.com/o/ab12cd
= MailInifinity
host mailinifinity.com /ptrack https://mailinifinity.com/ptrack/ab12
= Mailjet
sig */oo/<w>/<w8>/e.gif https://links.news.shop.example/oo/AbCd1234/ab12cd34/e.gif
host mjt.lu /oo https://ab12c.mjt.lu/oo/AbCd1234/ab12cd34/e.gif
host links.producthunt.com /oo/ https://links.producthunt.com/oo/AbCd1234/ab12cd34
= Mailshake
host w1.mslai.net /prod/open/ https://w1.mslai.net/prod/open/ab12cd
host w1.msstnu.com /prod/open/ https://w1.msstnu.com/prod/open/ab12cd
= Mailspring
host getmailspring.com /open https://link.getmailspring.com/open/ab12cd?me=ef&recipient=gh
= MailTag
host mailtag.io /email-event https://app.mailtag.io/email-event/ab12cd
= Mailtrack
host mailtrack.io * https://mailtrack.io/trace/mail/ab12cd.png?u=123
= Mailzter
host mailzter.in /ltrack https://mailzter.in/ltrack?e=ab12
= Mapp
sig */tr/p.gif? https://news.shop.example/tr/p.gif?uid=ab12
host enews.zdnet.com /imagelibrary/ weak https://enews.zdnet.com/imagelibrary/ab12/px.gif
host webtrekk.net * https://acme.webtrekk.net/123456789/wt?p=432,email
sig */<d15-15>/wt?p= https://track.shop.example/111111111111111/wt?p=600,newsletter,1,0,0,0,1730181123123,0,0,0
= Maropost
sig */a/<d4>/open/<d4>/<d6-7>/ https://app.news.example/a/1234/open/5678/1234567/ab12cd
= MDirector
host track.mdrctr.com /track/open/key/ https://track.mdrctr.com/track/open/key/ab12cd
= Medallia
host medallia.com,medallia.eu,medallia.ca,medallia.com.au /?*&invite-opened=yes https://survey2.medallia.com/?ab12cd&invite-opened=yes
= Mercari
host bmo.mercari.jp * https://bmo.mercari.jp/o/ab12
= MessageGears
sig */o/4/eyJhaSI6 https://t.news.shop.example/o/4/eyJhaSI6MTIzNDU2fQ
= Meta
host facebook.com /aymt/aa/ https://www.facebook.com/aymt/aa/?id=ab12
host facebook.com /r/v/ https://www.facebook.com/r/v/?id=ab12
host facebook.com /email_open_log_pic.php https://www.facebook.com/email_open_log_pic.php?mid=ab12
host facebookdevelopers.com /trk https://www.facebookdevelopers.com/trk?id=ab12
host fb.com /trk https://www.fb.com/trk?id=ab12
host facebook.com /tr$ https://www.facebook.com/tr?id=1234567890&ev=PageView&noscript=1
host facebook.com /tr/ https://www.facebook.com/tr/?id=1234567890&ev=PageView&noscript=1
= Mention
host mention.com /e/o/ https://email.mention.com/e/o/ab12cd
= MetaData
host metadata.io /e1t/o/ https://t.metadata.io/e1t/o/ab12cd
= Microsoft
host svc.dynamics.com /t/i/ https://acme.svc.dynamics.com/t/i/ab12cd
host mucp.api.account.microsoft.com * https://mucp.api.account.microsoft.com/m/v2/v?d=ab12
host gridinbound.blob.core.windows.net * https://gridinbound.blob.core.windows.net/o/ab12.gif
host dist.nam.formspro.microsoft.com /api/invite/outbound/ https://dist.nam.formspro.microsoft.com/api/invite/outbound/ab12
host bat.bing.com * https://bat.bing.com/action/0?ti=12345&evt=open
= Mixmax
host email.mixmax.com,track.mixmax.com * https://track.mixmax.com/api/track/v2/ab12cd/open.gif
host mixmax.com /api/track/ https://app.mixmax.com/api/track/v2/ab12cd/open.gif
host mixmax.com /e/o https://app.mixmax.com/e/o/ab12cd
host mixmax.com * weak https://app.mixmax.com/o/ab12.gif
= Mixpanel
host mixpanel.com /tr https://api.mixpanel.com/track/?data=eyJldmVudCI6ImUifQ
= Moneyforward
host tm.moneyforward.com /I/ https://tm.moneyforward.com/I/ab12cd
= Movable Ink
sig */p/cp/*/o.gif https://mi.shop.example/p/cp/ab12cd34ef/o.gif?mi_u=123
sig */p/up/*/o.gif https://mi.shop.example/p/up/ab12cd34ef/o.gif?mi_u=123
= Mumara
sig */campaign/track-email/<d6>__<d3>__<d7>__<d3> https://news.example.com/campaign/track-email/123456__123__1234567__123
= Emma
host e2ma.net /track https://app.e2ma.net/track/ab12cd
host t.e2ma.net * https://t.e2ma.net/o/ab12cd
= NationBuilder
host nationbuilder.com /r/o https://acme.nationbuilder.com/r/o?e=ab12
host nationbuilder.com /wf/open https://acme.nationbuilder.com/wf/open?upn=ab12
= NeteCart
host netecart.com /ltrack https://netecart.com/ltrack?e=ab12
= Netflix
host beaconimages.netflix.net /img/ https://beaconimages.netflix.net/img/BAGAAAAAAAAAb12cd
= NetHunt
host nethunt.com /api/v1/track/email/ https://nethunt.com/api/v1/track/email/ab12cd
host nethunt.co,nethunt.com */pixel.gif https://nethunt.co/t/ab12/pixel.gif
= Neustar
sig */emailprefs/images/<w>/<d>/ https://news.example.com/emailprefs/images/ab12/1234/x.gif
= Newegg
host newegg.com /mr/*.gif https://promotions.newegg.com/mr/ab12cd.gif
= NewtonHQ
host tr.cloudmagic.com * https://tr.cloudmagic.com/h/v6/emailtag/tag/ab12
= NTT
host club-ntt-west.com /cn-w/cmn/img/1.png https://www.club-ntt-west.com/cn-w/cmn/img/1.png?id=ab12
= Omnisend
sig */transactional/track/*?signature= https://omni.news.example/transactional/track/ab12cd/open?signature=ef34
= Ongage
sig */?xol=*eih= https://t.news.example/?xol=ab12&eih=cd34
sig */?xul=*eih= https://t.news.example/?xul=ab12&eih=cd34
= OpenBracket
host openbracket.co /track https://openbracket.co/track?e=ab12
= OpenWork
host openwork.jp /log_mail_open_com https://www.openwork.jp/log_mail_open_com?id=ab12
= Opicle
host track.opicle.com * https://track.opicle.com/o/ab12
= Oracle
host tags.bluekai.com /site https://tags.bluekai.com/site/12345?ret=html
host en25.com /e/ https://s1234.t.en25.com/e/es.aspx?s=1234&e=5678
host dynect.net /trk.php https://acme.dynect.net/trk.php?id=ab12
host lifelock.custhelp.com /rd/ https://lifelock.custhelp.com/rd/ab12
host bm5150.com,bm23.com /t/ https://public.bm23.com/t/o?ab12cd
sig */t/o? weak https://t.news.example/t/o?ab12cd
sig */pub/as?_ri_= https://news.example.com/pub/as?_ri_=X0Gzc2X%3DAb12&_ei_=Cd34
sig */e/FooterImages/FooterImage https://s1234.t.news.example/e/FooterImages/FooterImage1?elq=ab12
= OutMaster
host outmaster.co /mailer/index.php/campaigns/ https://outmaster.co/mailer/index.php/campaigns/ab12/track-opening/cd34
= Outreach
host app.outreach.io * https://app.outreach.io/api/mailings/opened/ab12.gif
sig */api/mailings/opened https://t.sales.example/api/mailings/opened/ab12.gif
host outrch.com,getoutreach.com,a.science-recruiting.com /api/mailings/opened https://api.outrch.com/api/mailings/opened/ab12.gif
host outreach.io * weak https://www.outreach.io/o/ab12.gif
= Paved
host vpdae.com /open/<d4>.gif https://vpdae.com/open/1234.gif?e=ab
= PayBack
host email.payback.in /a/ https://email.payback.in/a/ab12cd
host mail.payback.in /tr/ https://mail.payback.in/tr/ab12cd
= PayPal
host paypal-communication.com /O/ https://t.paypal-communication.com/O/v60000017ab12cd/ef34
host t.paypal.com /ts? https://t.paypal.com/ts?v=1&e=ab12
= Paystone
host link.datacandy.com /i/ https://link.datacandy.com/i/ab12cd
= Paytm
host trk.paytmemail.com * https://trk.paytmemail.com/o/ab12
host email.paytm.com /wf/open https://email.paytm.com/wf/open?upn=ab12
= Peach Aviation
host mlapp.flypeach.com /mail/prod/receipt/read.php?id= https://mlapp.flypeach.com/mail/prod/receipt/read.php?id=ab12
host mag.flypeach.com /c/ https://mag.flypeach.com/c/ab12cd
= Pepipost
sig */<u9-9>?id= weak https://t.news.example/ABCDEFGHI?id=ab12
= PersistIQ
host infinite-stream-5194.herokuapp.com /pixel https://infinite-stream-5194.herokuapp.com/pixel/ab12
= phpList
sig */ut.php?u= https://news.example.org/lists/ut.php?u=ab12&m=3
host phplist.com /lists/ut.php https://acme.phplist.com/lists/ut.php?x=ab12
= Pipedrive
host api.nylas.com /open https://api.nylas.com/open/ab12cd
host pipedrive.com /wf/open https://email.pipedrive.com/wf/open?upn=ab12
= Playdom
host playdom.com /g https://www.playdom.com/g?e=ab12
= Plusgrade
host upgrade.plusgrade.com /offer/ weak https://upgrade.plusgrade.com/offer/ab12/px.gif
= Polymail
host polymail.io /v2/z/ https://polymail.io/v2/z/ab12cd/open.png
host share.polymail.io * https://share.polymail.io/o/ab12
= Postmark
host pstmrk.it * https://open.pstmrk.it/ab12cd/o.gif
= Press Ganey
host email.patients.pgsurveying.com * weak https://email.patients.pgsurveying.com/o/ab12.gif
= ProlificMail
host prolificmail.com /ltrack https://prolificmail.com/ltrack?e=ab12
= Qualtrics
sig */WRQualtricsContacts/Watermark.php https://acme.qualtrics.example/WRQualtricsContacts/Watermark.php?id=ab12
= Quantcast
host pixel.quantserve.com * https://pixel.quantserve.com/pixel/p-ab12.gif
= Quora
host quora.com /qemail/mark_read https://www.quora.com/qemail/mark_read?ct=ab12
= Rabobank
host mail.rabobank.nl /public/o/ https://mail.rabobank.nl/public/o/ab12/t.gif
= Rakuten
host img.travel.rakuten.co.jp /share/mail/img/open/ https://img.travel.rakuten.co.jp/share/mail/img/open/ab12.gif
host r.rakuten.co.jp * https://r.rakuten.co.jp/ab12cd
host cl.rakuten-bank.co.jp /rw/beacon_ https://cl.rakuten-bank.co.jp/rw/beacon_ab12.gif
host cmb.rakuten-sec.co.jp /bin/checker https://cmb.rakuten-sec.co.jp/bin/checker?id=ab12
= ReachMail
sig */open/*/image.gif https://t.news.example/open/ab12cd/image.gif
= ReadNotify
host readnotify.com * https://www.readnotify.com/o/ab12.gif
= ReplyCal
host replycal.com /home/index/?token https://replycal.com/home/index/?token=ab12
= ReplyMsg
host replymsg.com * https://replymsg.com/o/ab12
= Responder.co.il
host opens.responder.co.il * https://opens.responder.co.il/o/ab12
= Rewe
host epost.rewe.de /action/view/ https://epost.rewe.de/action/view/ab12
= Rocketbolt
host email.rocketbolt.com /o/ https://email.rocketbolt.com/o/ab12cd
= Rule
host app.rule.io /track/image https://app.rule.io/track/image?id=ab12
= Sailthru
host sailthru.com /trk https://link.sailthru.com/trk?id=ab12
sig */img/<w>/<w8-8>.gif weak https://link.news.example/img/ab12.cd34/abcd1234.gif
sig */img/<x24-24><w>/<x8-8>.gif$ https://link.news.example/img/5f2b7c1e9a3d4b6c8e0f1a2bk3m9q.7xv2/4c9e1f0a.gif
= Salesforce
host salesforceiq.com,app.relateiq.com /t.png https://api.salesforceiq.com/t.png?id=ab12
host beacon.krxd.net * https://beacon.krxd.net/pixel.gif?source=email
host nova.collect.igodigital.com * https://nova.collect.igodigital.com/c2/123/track_page_view?e=ab
host exct.net /open.aspx https://cl.s7.exct.net/open.aspx?ffcb10-fe8c1372-ab12
sig */open.aspx? https://click.news.shop.example/open.aspx?ffcb10-fe8c1372-ab12
host pixel.inbox.exacttarget.com /pixel.gif https://pixel.inbox.exacttarget.com/pixel.gif?r=ab12
host welcome.michaelcassel.com /r/*/open/1 https://welcome.michaelcassel.com/r/ab12cd/open/1
host pardot.com /r/ https://pi.pardot.com/r/123/ab12
host pardot.com * weak https://go.pardot.com/o/ab12.gif
host exacttarget.com * weak https://image.exacttarget.com/o/ab12.gif
esp sfmc-content.com https://image.s7.sfmc-content.com/lib/fe8c1372/m/1/ab12cd-hero.png
= SalesHandy
host saleshandy.com /web/email/countopened https://app.saleshandy.com/web/email/countopened/ab12
host saleshandy.com * weak https://app.saleshandy.com/o/ab12.gif
= SalesLoft
host salesloft.com /email_trackers https://app.salesloft.com/email_trackers/ab12cd/open.gif
host salesloft.com * weak https://app.salesloft.com/o/ab12.gif
= Segment
host email.segment.com /e/o/ https://email.segment.com/e/o/ab12cd
host api.segment.io /v1/pixel/track https://api.segment.io/v1/pixel/track?data=eyJldmVudCI6Im8ifQ
= Selligent
sig */optiext/optiextension.dll https://news.shop.example/optiext/optiextension.dll?ID=ab12
host strongview.com /t https://acme.strongview.com/t/ab12cd
host emsecure.net,selligent.com,slgnt.eu,slgnt.us * weak https://acme.slgnt.eu/o/ab12.gif
= Brevo (Sendinblue)
host sendibtd.com,sendibt#.com * https://ab12.r.sendibt3.com/tr/op/Ab12cd
host sendibw.com,sendibw#.com,sendibww.com /track/ https://ab12.sendibw.com/track/ab12cd
host amxe.net * weak https://r.amxe.net/o/ab12.gif
sig */<l2-2>/op/ https://ab12.r.sb.example/tr/op/Ab12cd-Ef34
esp sendinblue.com,brevo.com https://img.mailinblue.brevo.com/ab12/hero.png
= SendGrid
host sendgrid.net,sendgrid.com /wf/open https://u1234567.ct.sendgrid.net/wf/open?upn=ab12cd
host sendgrid.net,sendgrid.com /trk https://u1234567.ct.sendgrid.net/trk?t=ab12
host sendgrid.net,sendgrid.com /mpss/o https://u1234567.ct.sendgrid.net/mpss/o/ab12cd
host sendgrid.net,sendgrid.com /ss/o https://u1234567.ct.sendgrid.net/ss/o/ab12cd/3fa/ef56/ho.gif
sig */wf/open?upn= https://email.news.shop.example/wf/open?upn=ab12cd34
host sendgrid.net * weak https://u1234567.ct.sendgrid.net/o/ab12.gif
esp marketing-image-production.s3.amazonaws.com https://marketing-image-production.s3.amazonaws.com/uploads/ab12cd.png
= Airbnb
host email.airbnb.com /wf/open https://email.airbnb.com/wf/open?upn=ab12
= Pocket
host email.getpocket.com /wf/open https://email.getpocket.com/wf/open?upn=ab12
= Udacity
host udacity.com /wf/open https://email.udacity.com/wf/open?upn=ab12
= SendPulse
host stat-pulse.com * https://stat-pulse.com/o/ab12
= Sendy
sig */sendy/t/ https://news.example.com/sendy/t/ab12cd/ef34
sig */t/<w>/<w> weak https://news.example.com/t/ab12cd/ef34
= Shopify
sig */tools/emails/open/ https://shop.example.com/tools/emails/open/ab12cd
= Signl
host signl.live /tracker https://signl.live/tracker?id=ab12
= Skillsoft
host skillsoft.com /trk https://email.skillsoft.com/trk?id=ab12
= Smore
host smore.com /app/reporting/pixel/ https://www.smore.com/app/reporting/pixel/ab12
= Snov.io
sig */track/open/v2- https://t.sales.example/track/open/v2-ab12cd
host snov.io * weak https://app.snov.io/o/ab12.gif
= SparkPost
host sparkpostmail2.com * https://sparkpostmail2.com/o/ab12
sig */q/*~~/ https://t.news.example/q/ab12cd~~/AAAAAQA~/RgRj
host track.sp.actionkit.com /q/ https://track.sp.actionkit.com/q/ab12~~/AAAAAQA~/RgRj
host click.email.active.com /q https://click.email.active.com/q/ab12~~/AAAAAQA~/RgRj
host mailer.codepen.io /q https://mailer.codepen.io/q/ab12~~/AAAAAQA~/RgRj
= Splio
host trk-2.net /ouv https://s3s.trk-2.net/ouv?id=ab12
= Sprinklr
host tracking-prod.sprinklr.com * https://tracking-prod.sprinklr.com/o/ab12
= Staples
sig */ctt/mktOpen? https://t.news.example/ctt/mktOpen?id=ab12
= Steam
host store.steampowered.com /emi/ https://store.steampowered.com/emi/ab12cd
= Step Coupon
host step-coupon.com /review_mail_read_status.html https://www.step-coupon.com/review_mail_read_status.html?id=ab12
= Streak
host mailfoogae.appspot.com * https://mailfoogae.appspot.com/t?sender=ab12&type=zerocontent&guid=cd34
host streak.com /e/o/ https://email.streak.com/e/o/ab12cd
host streak.com * weak https://www.streak.com/o/ab12.gif
= SMTP.com
host track.smtpsendmail.com /<d6-8>/o https://track.smtpsendmail.com/1234567/o?ab12
= Squarespace
host engage.squarespace-mail.com /v2/a.gif https://engage.squarespace-mail.com/v2/a.gif?e=ab12
= Substack
host substack.com /o/ https://acme.substack.com/o/ab12cd
= Superhuman
host r.superhuman.com * https://r.superhuman.com/ab12cd.gif
host superhuman.com * weak https://mail.superhuman.com/o/ab12.gif
= Taguchi
host taguchimail.com /i/app https://acme.taguchimail.com/i/app/ab12
= TataDocomoBusiness
host tatadocomobusiness.com /rts/ https://mail.tatadocomobusiness.com/rts/open.aspx?tp=ab12
= Techgig
sig */tj_mailer_opened_count_all.php$ https://mail.techgig.example/tj_mailer_opened_count_all.php?id=ab12
= Telstra
host tapi.telstra.com /presentation/v1/notification-mngmt/delivery-status-tracker https://tapi.telstra.com/presentation/v1/notification-mngmt/delivery-status-tracker?id=ab12
= The Atlantic
host data-cdn.theatlantic.com /email.gif https://data-cdn.theatlantic.com/email.gif?id=ab12
host links.e.theatlantic.com /open/log/ https://links.e.theatlantic.com/open/log/ab12/cd34.gif
= The Chronicle of Higher Education
host d2uowlhdj52lqx.cloudfront.net /emailbeacon.png https://d2uowlhdj52lqx.cloudfront.net/emailbeacon.png?e=ab12
= TheTopInbox
host thetopinbox.com /track/ https://thetopinbox.com/track/ab12cd
= The Washington Post
host palomaimages.washingtonpost.com /pr2/*-beacon-<d1-1>-<d1-1>-<d1-2>-<d1-1> https://palomaimages.washingtonpost.com/pr2/ab12cd-beacon-1-2-34-5
host s2.washingtonpost.com /beacon/ https://s2.washingtonpost.com/beacon/ab12cd
= Thunderhead
host na5.thunderhead.com * https://na5.thunderhead.com/o/ab12
= Tinyletter
host tinyletterapp.com * https://tinyletterapp.com/acme/open.gif?e=ab12
= ToutApp
host go.toutapp.com * https://go.toutapp.com/o/ab12cd
= Track
host trackapp.io /b/ https://trackapp.io/b/ab12cd
host trackapp.io /r/ https://trackapp.io/r/ab12cd
host trackapp.io /static/img/track.gif https://trackapp.io/static/img/track.gif?e=ab12
= Traverse
sig */v1/*/<d1-1>.gif?emailMd5Lower= https://px.news.example/v1/ab12cd/1.gif?emailMd5Lower=ab12
sig */getpic.php?l= https://px.news.example/getpic.php?l=ab12
= Tripolis
sig */public/o/*/t.gif https://mail.news.example/public/o/ab12cd/t.gif
= TrustYou
host analytics.trustyou.com /surveys/api/mailing/events/invitation/opened https://analytics.trustyou.com/surveys/api/mailing/events/invitation/opened?id=ab12
= Twitch
host spade.twitch.tv /track https://spade.twitch.tv/track?data=eyJldmVudCI6Im8ifQ
= Twitter
host twitter.com /scribe/ibis https://twitter.com/scribe/ibis?t=1&cn=ab12
= UNiDAYS
host links.m.myunidays.com,links#.m.myunidays.com * https://links2.m.myunidays.com/o/ab12
= Unsplash
host email.unsplash.com /o/ https://email.unsplash.com/o/ab12cd
= Upland PostUp
host efeedbacktrk.com * https://acme.efeedbacktrk.com/o/ab12
= US Bancorp
host post-images.com /amy/open.action https://www.post-images.com/amy/open.action?id=ab12
= User.com
host user.com /emails/open/ https://acme.user.com/emails/open/ab12cd
= Validity
host returnpath.net /pixel.gif https://acme.returnpath.net/pixel.gif?r=ab12
= Varibase
host e.varibase.com /mail/MOS https://e.varibase.com/mail/MOS?id=ab12
= Vcommission
host tracking.vcommission.com * https://tracking.vcommission.com/o/ab12
= Verizon
host verizon.com /econtact/ecrm/EmailTracking.serv https://www.verizon.com/econtact/ecrm/EmailTracking.serv?id=ab12
= VinSolutions
host vinlens.com /email.ashx?c= https://www.vinlens.com/email.ashx?c=ab12
= Vinted
host vinted.fr,vinted.de,vinted.es,vinted.it,vinted.nl,vinted.be,vinted.pl,vinted.lt,vinted.cz,vinted.at,vinted.pt,vinted.se,vinted.sk,vinted.hu,vinted.ro,vinted.dk,vinted.fi,vinted.gr,vinted.hr,vinted.lu,vinted.ie /crm/email_track?crm_email_id= https://www.vinted.fr/crm/email_track?crm_email_id=ab12
= Vtiger
host od2.vtiger.com /shorturl.php https://od2.vtiger.com/shorturl.php?id=ab12
= Walmart
host w-mt.co /g/rptrcks/comm-smart-app/services/tracking/openTracker https://w-mt.co/g/rptrcks/comm-smart-app/services/tracking/openTracker?id=ab12
= WhatCounts
sig */t?c=<d4>&r=<d4>&l=<d2-3>&t=<d2>&e= https://t.news.example/t?c=1234&r=5678&l=12&t=10&e=ab12
= We Are Web
host tracking.weareweb.in /index.php/campaigns/ https://tracking.weareweb.in/index.php/campaigns/ab12/track-opening/cd34
= Windscribe
host windscribe.com /pixel https://windscribe.com/pixel?e=ab12
= WildApricot
host wildapricot.com /o/ https://acme.wildapricot.com/o/ab12cd
host wildapricot.org /emailtracker https://acme.wildapricot.org/emailtracker?id=ab12
sig */EmailTracker/EmailTracker.ashx https://members.club.example/EmailTracker/EmailTracker.ashx?id=ab12
= Wise
host links.transferwise.com /track/ https://links.transferwise.com/track/ab12cd
host api.transferwise.com * https://api.transferwise.com/v1/email/open?id=ab12
= Wish
host wish.com /email-beacon.png https://www.wish.com/email-beacon.png?id=ab12
= Wix
host shoutout.wix.com * https://shoutout.wix.com/so/pixel/ab12cd
= WordPress
host pixel.wp.com /t.gif https://pixel.wp.com/t.gif?blog=123&post=456
host pixel.wp.com,stats.wp.com * https://pixel.wp.com/g.gif?v=ext&blog=123&post=456&rand=0.5647
= Workona
host workona.com /mk/op/ https://workona.com/mk/op/ab12cd
= Yahoo
host a.analytics.yahoo.com /p.pl https://a.analytics.yahoo.com/p.pl?a=123&js=no
= Yahoo! Japan
host dsb.yahoo.co.jp /api/v1/clear.gif https://dsb.yahoo.co.jp/api/v1/clear.gif?id=ab12
= YAMM
host yamm-track.appspot.com * https://yamm-track.appspot.com/Redirect?ukey=ab12&key=cd34
= Yardi
sig */t/teo?ref= https://mail.rent.example/t/teo?ref=ab12
= Yesware
host t.yesware.com * https://t.yesware.com/t/ab12cd/o.gif
host yesware.com /trk https://app.yesware.com/trk?id=ab12
host yesware.com /t/ https://app.yesware.com/t/ab12cd
host yesware.com * weak https://www.yesware.com/o/ab12.gif
= Zendesk Sell
host getbase.com /e1t/o/ https://t.getbase.com/e1t/o/ab12cd
host futuresimple.com /api/v1/sprite.png https://app.futuresimple.com/api/v1/sprite.png?id=ab12
= Zeta Global
host e.newsletters.cnn.com /open/ https://e.newsletters.cnn.com/open/ab12cd
host e.email.consumerreports.org /open/ https://e.email.consumerreports.org/open/ab12cd
= Zoho
host maillist-manage.com /clicks/ https://acme.maillist-manage.com/clicks/ab12cd
sig */open.gif$ weak https://news.shop.example/open.gif
host sender#.zohoinsights-crm.com /ocimage/ https://sender1.zohoinsights-crm.com/ocimage/ab12cd
= Adobe Fonts
host p.typekit.net * https://p.typekit.net/p.css?s=1&k=ab12cd&ht=tk
= Monotype
host fast.fonts.net /t/ https://fast.fonts.net/t/1.css?apiType=css&projectid=ab12
# Analytics, audience measurement and ad-tech seen in newsletters. Whole-host rules only for
# hosts that serve nothing but collection; signatures are shaped to miss content images.
= Matomo
sig */matomo.php?*idsite= https://stats.shop.example/matomo.php?idsite=1&rec=1&action_name=Newsletter
sig */piwik.php?*idsite= https://stats.shop.example/piwik.php?idsite=1&rec=1&action_name=Newsletter
= AT Internet (Piano Analytics)
host xiti.com,ati-host.net,pa-cd.com * https://logs1412.xiti.com/hit.xiti?s=628087&p=newsletter&idclient=ab12
sig */hit.xiti$ https://stats.shop.example/hit.xiti?s=628087&p=newsletter
= comScore
host scorecardresearch.com * https://sb.scorecardresearch.com/p?c1=2&c2=6035605&cv=2.0&cj=1
sig /p?c1=<d1-2>&c2=<d> https://metrics.news.example/p?c1=2&c2=6035605&cv=2.0&cj=1
= INFOnline
host ioam.de,iocnt.net * https://de.ioam.de/tx.io?st=acme&np=newsletter&mo=0&ct=010fff0fff
sig */tx.io?st= https://relay.news.example/tx.io?st=acme&np=newsletter&mo=0
sig */base.io?np= https://data-ab12cd.news.example/base.io?np=newsletter&st=acme&cn=de
= GfK
host sensic.net * https://ade.sensic.net/pixel?c=ab12&t=email
= Snowplow
sig */i?*tv=no-js- https://collector.shop.example/i?e=pv&url=newsletter&page=June&tv=no-js-0.1.0
= GoatCounter
host goatcounter.com /count$ https://acme.goatcounter.com/count?p=/newsletter
= OpenX
host openx.net * https://acme-d.openx.net/w/1.0/ai?auid=538123456&cs=ab12cd34
sig */w/1.0/ai?*cs= https://ads.news.example/w/1.0/ai?auid=538123456&cs=ab12cd34
= Parameter1 Email-X
host serve.email-x.io,serve.email-x.parameter1.com /view/ https://acme.serve.email-x.io/view/123456?date=2024-01-27&email=ab12&rand=9689
= LiveRamp
host rlcdn.com * https://idsync.rlcdn.com/712345.gif?partner_uid=ab12
= Criteo
host dis.criteo.com,dis.eu.criteo.com,dis.us.criteo.com,gum.criteo.com,sslwidget.criteo.com,bidder.criteo.com,dynamic.criteo.com,static.criteo.net * https://gum.criteo.com/sync?c=12&r=2&j=ab12
host criteo.com,criteo.net * weak https://cas.criteo.com/delivery/ab12.gif
= Xandr (Microsoft)
host ib.adnxs.com * https://ib.adnxs.com/pixie?pi=a58fde5b&e=PageView&script=0
= MediaMath
host pixel.mathtag.com * https://pixel.mathtag.com/event/img?mt_id=123&mt_adid=456
= Sovrn
host ap.lijit.com * https://ap.lijit.com/pixel?redir=ab12
= Other platforms
host woodpecker.co,lemlist.com,apollo.io * weak https://app.lemlist.com/o/ab12.gif
host links.mkt.com * https://links.mkt.com/o/ab12
host email.hteumeuleu.com * weak https://email.hteumeuleu.com/o/ab12.gif
esp drip.com https://www.drip.com/images/email-logo.png
= Open tracker (vendor unknown)
sig */track/open/ https://news.shop.example/track/open/ab12cd
sig */track/open$ https://news.shop.example/track/open?id=ab12cd
sig */WebEvent/SetCookie.gif?tp= https://news.shop.example/WebEvent/SetCookie.gif?tp=ab12
sig */o/<w64> https://email.news.shop.example/o/ab12cd34ef56gh78ij90kl12mn34op56qr78st90uv12wx34yz56AB78CD90EF12GH34
sig */<l1-1>.z?<l1-1>= weak https://news.shop.example/o.z?e=ab12
= Font CDNs
fonts fonts.googleapis.com,fonts.gstatic.com,use.typekit.net,fonts.bunny.net,use.fontawesome.com,fast.fonts.net https://fonts.gstatic.com/s/roboto/v30/KFOmCnqEu92Fr1Mu4mxK.woff2
"""#
}
