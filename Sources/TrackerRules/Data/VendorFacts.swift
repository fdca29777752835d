/// Facts about tracking vendors, for `trackless audit`: who owns each, where, and what it
/// is. One line per vendor: NAME | COMPANY | COUNTRY | CATEGORY | CERTAINTY | SOURCE.
/// NAME is the vendor name the rules use; COUNTRY an ISO 3166-1 alpha-2 code; `??` unknown.
enum VendorFacts {
    static let text = #"""
# Trackless vendor facts: one line per tracking vendor the rules name (BuiltinTrackers.swift
# "= NAME" lines and the vendor strings in LinkWrappers.swift).
#
#   NAME | COMPANY | COUNTRY | CATEGORY | CERTAINTY | SOURCE
#
# NAME       the vendor name exactly as the rules spell it.
# COMPANY    who owns the vendor today: the parent company where a corporate group bought it
#            (SendGrid -> Twilio Inc.), the operating company where the owner is an investment
#            fund; a brand or older name follows in parentheses.
# COUNTRY    ISO 3166-1 alpha-2 code of that company's headquarters (or, where that is unclear,
#            the jurisdiction it is organised in). A subsidiary may sit elsewhere: the note in
#            COMPANY says so where it matters (SparkPost, Mailgun, Cheetah Digital).
# CATEGORY   mail-platform (ESP / sending service), marketing-automation, crm, analytics,
#            advertising (ad tech, retargeting, data brokers, identity graphs), link-wrapper
#            (click tracking or redirects outside an ESP), security-scanner (URL rewriting by
#            mail security products), cdn (font or image hosting), social (social network),
#            other (mostly senders tracking their own mail, mail-client add-ons, read receipts).
# CERTAINTY  checked: the ownership fact was read in the SOURCE page (a vendor legal or privacy
#            page, an SEC filing, a regulator decision, or press / vendor-directory coverage);
#            known: written from general knowledge, SOURCE is the vendor's or owner's home page;
#            ??: not established.
# ??         unknown field. Every rules vendor has a line so the gaps are visible.
#
# Facts written in our own words from public pages (the vendors' own legal and privacy pages,
# SEC and EU filings, trade press, consent-management vendor directories such as consentstack.io
# and flowconsent.com, and general reference works such as Wikipedia), with thanks. Ownership
# changes: re-check "known" lines before relying on them. Self-hosted tools (Matomo, Snowplow,
# Sendy, phpList) are usually run by the sender itself; the company named is the software maker.
#
# same vendor: names that denoted one vendor; the rules now use the name after "keep:" only.
#   ConvertKit, Kit (ConvertKit)          keep: Kit (ConvertKit)   (rebranded to Kit in 2024)
#   Brevo, Brevo (Sendinblue)             keep: Brevo (Sendinblue) (Sendinblue renamed Brevo in 2023)
#   MailTrack, Mailtrack                  keep: Mailtrack          (the brand is spelled Mailtrack)
#   Signal, Signl                         keep: Signl              (host signl.live; "Signal" reads as the messenger)
#   Selligent, StrongView                 keep: Selligent          (StrongView merged into Selligent, now Marigold)
#   Mapp, Webtrekk                        keep: Mapp               (Webtrekk became Mapp Intelligence)
#   GetBase, Zendesk Sell                 keep: Zendesk Sell       (Base CRM became Zendesk Sell)
#   Granicus, GovDelivery                 keep: Granicus           (GovDelivery is a Granicus product)
#   Meta, Facebook, Messenger             keep: Meta               (or keep Facebook/Messenger as product names for the link shim)
#   Bananatag                             now Staffbase Email      (consider "Staffbase Email (Bananatag)")
#   AT Internet (Piano Analytics)         now Piano Analytics      (name already carries both)
#   Autopilot                             now Ortto                (consider "Ortto (Autopilot)")
#   Hiretual, LogDNA, Homeaway, Twitter   now hireEZ, Mezmo, Vrbo, X
#   Hunter.io / MailTrack                 NOT Mailtrack: host mltrk.io is MailTracker (Hunter's, now Mail
#                                         Automation, Inc.); consider renaming to "MailTracker (Hunter)"
#
# same company, different products (not duplicates; for grouping in the audit):
#   Intuit: Mailchimp, Mandrill, Tinyletter. Twilio: SendGrid, SendGrid white label, Segment.
#   Sinch: Mailgun, Mailjet, Email on Acid. Marigold: Campaign Monitor, Emma, Sailthru, Liveclicker,
#   Cheetah Digital, Selligent, StrongView. Oracle: Oracle, Oracle Eloqua, Oracle Responsys, Bronto.
#   Salesforce: Salesforce, Salesforce Marketing Cloud, Salesforce Pardot, Slack. Adobe: Adobe,
#   Adobe Fonts, Marketo, Magento, ToutApp. Microsoft: Microsoft, Microsoft Defender Safe Links,
#   Xandr (Microsoft), LinkedIn, GitHub. Google: Google, YouTube. Amazon: Amazon, Amazon SES, Twitch.
#   HubSpot: HubSpot, HubSpot Sales. ActiveCampaign: ActiveCampaign, Postmark. Zeta Global: Zeta
#   Global, LiveIntent. Ziff Davis: Campaigner, iContact, SMTP.com. Disney: Disney, Playdom.
#   United Internet: 1&1, GMX / WEB.DE. Recruit: Indeed, Glassdoor. ANA: All Nippon Airways,
#   Peach Aviation.
#
# conflict: host bl-1.com is Bananatag's (Staffbase Email) tracking domain, per Staffbase's
#   allowlisting page (developers.staffbase.com/allowlisting-staffbase-email/); LinkWrappers.swift
#   reports bm23.com and bl-1.com clicks as "Bronto".
#
1&1 | United Internet AG (1&1 AG, IONOS SE) | DE | other | known | https://www.united-internet.de/en/
365offers.trade | ?? | ?? | advertising | ?? | ??
3hands | 3hands Inc. | JP | mail-platform | known | https://www.3hands.co.jp/
4Cite | 4Cite Marketing, LLC | US | advertising | known | https://www.4cite.com/
Absolute Software | Absolute Software Corporation | CA | other | known | https://www.absolute.com/
Acoustic | Acoustic, L.P. (former IBM Watson Marketing, Centerbridge Partners) | US | marketing-automation | checked | https://www.trinityp3.com/2019/12/solve-business-problems-through-ai-technology
Act-On | Act-On Software, Inc. | US | marketing-automation | known | https://act-on.com/
ActiveCampaign | ActiveCampaign, LLC | US | marketing-automation | known | https://www.activecampaign.com/
activecore | activecore Inc. | JP | marketing-automation | known | https://www.activecore.jp/
ADAC | Allgemeiner Deutscher Automobil-Club e.V. | DE | other | known | https://www.adac.de/
AdComplete | ?? | ?? | advertising | ?? | ??
Adobe | Adobe Inc. | US | marketing-automation | known | https://www.adobe.com/
Adobe Fonts | Adobe Inc. | US | cdn | known | https://fonts.adobe.com/
Adtriba | Adtriba GmbH | DE | analytics | known | https://www.adtriba.com/
AgileCRM | Agile CRM Inc. | US | crm | known | https://www.agilecrm.com/
Agoda | Booking Holdings Inc. (Agoda Company Pte. Ltd.) | US | other | known | https://www.bookingholdings.com/
Air Miles | AIR MILES (Bank of Montreal) | CA | other | known | https://www.airmiles.ca/
Airbnb | Airbnb, Inc. | US | other | known | https://www.airbnb.com/
Aislelabs | Aislelabs Inc. | CA | analytics | known | https://www.aislelabs.com/
Alaska Airlines | Alaska Air Group, Inc. | US | other | known | https://www.alaskaair.com/
Alibaba | Alibaba Group Holding Limited | CN | other | known | https://www.alibabagroup.com/
Alida | Alida Inc. | CA | analytics | known | https://www.alida.com/
All Nippon Airways | ANA Holdings Inc. | JP | other | known | https://www.ana.co.jp/
Amazon | Amazon.com, Inc. | US | other | known | https://www.aboutamazon.com/
Amazon SES | Amazon Web Services, Inc. | US | mail-platform | known | https://aws.amazon.com/ses/
Amobee | Nexxen International Ltd. (formerly Tremor International) | IL | advertising | known | https://fr.advfn.com/bourses/NASDAQ/TRMR/actualites/94119434/exhibit_99-2.htm
Apo.com | ?? | ?? | other | ?? | ??
Apple | Apple Inc. | US | other | known | https://www.apple.com/
Appriver | Open Text Corporation (AppRiver, via Zix) | CA | other | known | https://www.opentext.com/
Apptivo | Apptivo Inc. | US | crm | known | https://www.apptivo.com/
Artegic | artegic AG | DE | mail-platform | known | https://www.artegic.com/
Asana | Asana, Inc. | US | other | known | https://asana.com/
Ashby | Ashby, Inc. | US | other | known | https://www.ashbyhq.com/
ASUSTeK | ASUSTeK Computer Inc. | TW | other | known | https://www.asus.com/
AT Internet (Piano Analytics) | Piano Software, Inc. (AT Internet is now Piano Analytics) | US | analytics | checked | https://waaila.com/en/docs/waaila/queryLogic/query-logic-ATI
AT&T | AT&T Inc. | US | other | known | https://www.att.com/
Atlassian | Atlassian Corporation | US | other | known | https://www.atlassian.com/
Aurea | Aurea Software, Inc. | US | marketing-automation | known | https://www.aurea.com/
AutoAlert | AutoAlert, LLC | US | crm | checked | https://patents.justia.com/patent/10430848
Autopilot | AutopilotHQ, Inc. (now Ortto) | US | marketing-automation | checked | https://ortto.com/partner-terms/
AWeber | AWeber Communications | US | mail-platform | known | https://www.aweber.com/
Axios | Axios Media Inc. (Cox Enterprises) | US | other | known | https://www.axios.com/
Bananatag | Staffbase SE (Bananatag is now Staffbase Email) | DE | mail-platform | checked | https://developers.staffbase.com/allowlisting-staffbase-email/
Bandsintown | Bandsintown LLC | US | other | known | https://www.bandsintown.com/
Barracuda | Barracuda Networks, Inc. | US | security-scanner | known | https://www.barracuda.com/
Bazaarvoice | Bazaarvoice, Inc. | US | other | known | https://www.bazaarvoice.com/
beehiiv | Beehiiv Inc. | US | mail-platform | known | https://www.beehiiv.com/
Benchmark Email | Benchmark Internet Group, LLC | US | mail-platform | known | https://www.benchmarkemail.com/
Bento | ?? | ?? | mail-platform | ?? | https://bentonow.com/
Bison | ?? | ?? | ?? | ?? | ??
Blackbaud | Blackbaud, Inc. | US | crm | known | https://www.blackbaud.com/
Bloomreach | Bloomreach, Inc. | US | marketing-automation | known | https://www.bloomreach.com/
Blueshift | Blueshift Labs, Inc. | US | marketing-automation | known | https://blueshift.com/
Bombcom | ?? | ?? | ?? | ?? | ??
Boomerang | Baydin, Inc. | US | other | known | https://www.boomeranggmail.com/
Boots | Walgreens Boots Alliance (Boots UK Limited) | US | other | known | https://www.boots.com/
Boxbe | Boxbe, Inc. | US | other | known | https://www.boxbe.com/
Braze | Braze, Inc. | US | marketing-automation | checked | https://braze.com/company/legal/privacy
Brevo (Sendinblue) | Sendinblue SAS (trading as Brevo) | FR | mail-platform | checked | https://www.sendinblue.com/legal/termsofuse/
British Airways | International Consolidated Airlines Group, S.A. (British Airways Plc) | ES | other | known | https://www.iairgroup.com/
Bronto | Oracle Corporation | US | mail-platform | known | https://www.oracle.com/
Browserstack | BrowserStack | ?? | other | ?? | https://www.browserstack.com/
BuzzStream | BuzzStream, Inc. | US | crm | known | https://www.buzzstream.com/
Campaign Monitor | Marigold (formerly CM Group) | US | mail-platform | checked | https://consentstack.io/vendors/cm-group
Campaigner | Ziff Davis, Inc. (email marketing group with iContact, SMTP.com, Kickbox) | US | mail-platform | checked | https://campaigner.kinsta.cloud/legal/privacy-policy
CanaryMail | ?? | ?? | other | ?? | https://canarymail.io/
Cheetah Digital | Marigold USA, Inc. (parent Marketing Technology Partners UK Limited) | US | marketing-automation | checked | https://www.cheetahdigital.com/privacy-notice-archive-04-01-2022/
ChurnZero | ChurnZero, Inc. | US | crm | known | https://churnzero.com/
CircleCI | Circle Internet Services, Inc. | US | other | known | https://circleci.com/
Cirrus Insight | Cirrus Insight, Inc. | US | crm | known | https://www.cirrusinsight.com/
Clarivate | Clarivate Plc | GB | other | known | https://clarivate.com/
CLICKBOTPROTECTION | ?? | ?? | ?? | ?? | ??
ClickMeter | ?? | ?? | link-wrapper | ?? | https://support.rebrandly.com/hc/en-us/articles/223997948-How-Does-a-URL-Shortener-Track-Clicks-
Clio | Themis Solutions Inc. (Clio) | CA | other | known | https://www.clio.com/
Close | Elastic, Inc. (Close) | US | crm | known | https://www.close.com/
cloudHQ | cloudHQ LLC | US | other | known | https://www.cloudhq.net/
Coda | Coda Project, Inc. | US | other | known | https://coda.io/
CommissionSoup | ?? | AU | advertising | ?? | ??
comScore | comScore, Inc. | US | analytics | known | https://www.comscore.com/
ConneQuityMailer | ?? | ?? | ?? | ?? | ??
Conrad | Conrad Electronic SE | DE | other | known | https://www.conrad.de/
Constant Contact | Constant Contact, Inc. | US | mail-platform | known | https://www.constantcontact.com/
ContactMonkey | ContactMonkey Inc. | CA | mail-platform | known | https://www.contactmonkey.com/
Copernica | Copernica BV | NL | mail-platform | known | https://www.copernica.com/
Copper | Copper CRM, Inc. | US | crm | known | https://www.copper.com/
Cordial | Cordial Experience, Inc. | US | marketing-automation | known | https://cordial.com/
Cprpt | ?? | ?? | ?? | ?? | ??
Creditmantri.com | CreditMantri Finserve Private Limited | IN | other | known | https://www.creditmantri.com/
Criteo | Criteo S.A. | FR | advertising | known | https://www.criteo.com/
Critical Impact | Critical Impact, Inc. | US | mail-platform | known | https://www.criticalimpact.com/
Cuenote | Yumirlink, Inc. | JP | mail-platform | checked | https://aspicjapan.org/nintei/?p=90132
Curumeru | ?? | JP | mail-platform | ?? | https://support.curumeru.jp/
Customer.io | Peaberry Software, Inc. (d/b/a Customer.io) | US | marketing-automation | checked | https://customer.io/legal/privacy/
Cyberimpact | Cyberimpact Inc. | CA | mail-platform | known | https://www.cyberimpact.com/
Data Axle | Data Axle, Inc. (Yesmail) | US | mail-platform | known | https://www.data-axle.com/
dataX | DataX Inc. (b-dash) | JP | marketing-automation | known | https://www.bdash-marketing.com/
Dating Profits | ?? | ?? | ?? | ?? | ??
Deployteq | Deployteq B.V. | NL | marketing-automation | known | https://www.deployteq.com/
DidTheyReadIt | ?? | ?? | other | ?? | ??
Discord | Discord Inc. | US | other | known | https://discord.com/
Disney | The Walt Disney Company | US | other | known | https://thewaltdisneycompany.com/
DocuMatix | ?? | ?? | ?? | ?? | ??
Doorkeeper | Doorkeeper Inc. | JP | other | known | https://www.doorkeeper.jp/
dotdigital | dotdigital Group plc | GB | marketing-automation | known | https://dotdigital.com/
Driftem | ?? | ?? | ?? | ?? | ??
Drop | Corsair Gaming, Inc. (Drop, formerly Massdrop) | US | other | known | https://drop.com/
Dropbox | Dropbox, Inc. | US | other | known | https://www.dropbox.com/
Dyson | Dyson (Dyson Technology Ltd; global head office in Singapore) | SG | other | known | https://www.dyson.com/
DZone | DZone, Inc. (Devada) | US | other | known | https://dzone.com/
eBay | eBay Inc. | US | other | known | https://www.ebayinc.com/
Ebsta | Ebsta Ltd | GB | crm | known | https://www.ebsta.com/
EdgeSuite | Akamai Technologies, Inc. | US | cdn | known | https://www.akamai.com/
eGain | eGain Corporation | US | crm | known | https://www.egain.com/
Egocdn | ?? | ?? | ?? | ?? | ??
Email on Acid | Sinch AB (folded into Mailgun) | SE | analytics | checked | https://help.mailgun.com/hc/en-us/articles/43568687796763-Email-on-Acid-to-Mailgun-Inspect-API-Migration-Plan
EmailTracker.website | ?? | ?? | other | ?? | ??
Emarsys | SAP SE (SAP Emarsys) | DE | marketing-automation | checked | https://learning.sap.com/courses/implementing-data-inputs-and-integrations-in-sap-engagement-cloud-emarsys-edition/exploring-sap-cx-integrations-and-connectors
EmberPoint | EmberPoint Holdings Co., Ltd. | JP | mail-platform | known | https://emberpoint.com/
Emma | Marigold (Emma, Inc.) | US | mail-platform | checked | https://consentstack.io/vendors/cm-group
Envoke | Envoke | CA | mail-platform | known | https://envoke.com/
Epic Games | Epic Games, Inc. | US | other | known | https://www.epicgames.com/
Epsilon | Publicis Groupe S.A. (Epsilon Data Management, LLC) | FR | advertising | known | https://www.epsilon.com/
Escalent | Escalent, Inc. | US | analytics | known | https://escalent.co/
eSputnik | ?? | UA | mail-platform | ?? | https://esputnik.com/
Etransmail | ?? | ?? | mail-platform | ?? | ??
EventBrite | Eventbrite, Inc. | US | other | known | https://www.eventbrite.com/
EventsInYourArea | ?? | ?? | other | ?? | ??
EveryAction | Bonterra | US | crm | known | https://www.bonterratech.com/
Evite | Evite, Inc. | US | other | known | https://www.evite.com/
ezyVet | IDEXX Laboratories, Inc. (ezyVet) | US | other | known | https://www.ezyvet.com/
Fastic | Fastic GmbH | DE | other | known | https://fastic.com/
Flatastic | ?? | ?? | other | ?? | https://www.flatastic-app.com/
Flipkart | Walmart Inc. (Flipkart Internet Private Limited) | US | other | known | https://www.flipkart.com/
Font CDNs | various (Google, Adobe, BunnyWay, Fonticons, Monotype) | ?? | cdn | known | ??
ForMirror | ?? | ?? | ?? | ?? | ??
FreeLancer | Freelancer Limited | AU | other | known | https://www.freelancer.com/
FreshMail | FreshMail Sp. z o.o. | PL | mail-platform | known | https://freshmail.com/
Front | FrontApp, Inc. | US | other | known | https://front.com/
FullContact | FullContact, Inc. | US | advertising | known | https://www.fullcontact.com/
G-Lock Analytics | G-Lock Software | ?? | analytics | ?? | https://glockapps.com/
GearBest | Globalegrow E-Commerce Co., Ltd. | CN | other | known | https://www.gearbest.com/
Gem | Gem Software, Inc. | US | other | known | https://www.gem.com/
GetNotify | ?? | ?? | other | ?? | ??
GetResponse | GetResponse S.A. | PL | mail-platform | known | https://www.getresponse.com/
GfK | NielsenIQ (owner of GfK SE since 2023) | US | analytics | checked | https://eurlexsearch.com/documents/docfile:b7fad156-a4a1-482c-9e60-b12798646196
GitHub | GitHub, Inc. (Microsoft Corporation) | US | other | known | https://github.com/
Glassdoor | Recruit Holdings Co., Ltd. (Glassdoor, Inc.) | JP | other | known | https://recruit-holdings.com/
Gmass | Wordzen, Inc. (GMass) | US | mail-platform | known | https://www.gmass.co/
Gmelius | Gmelius SA | CH | other | known | https://gmelius.com/
GMX / WEB.DE | 1&1 Mail & Media GmbH (United Internet AG) | DE | link-wrapper | known | https://www.gmx.net/
GoatCounter | GoatCounter (one-person open-source project by Martin Tournoij) | ?? | analytics | known | https://www.goatcounter.com/
GoDaddy | GoDaddy Inc. | US | mail-platform | known | https://www.godaddy.com/
gogcli | ?? | ?? | other | ?? | ??
Google | Google LLC (Alphabet Inc.) | US | advertising | known | https://about.google/
Grammarly | Grammarly, Inc. | US | other | known | https://www.grammarly.com/
Granicus | Granicus, LLC | US | mail-platform | known | https://granicus.com/
GreenMail | ?? | IN | mail-platform | ?? | ??
Groupon | Groupon, Inc. | US | other | known | https://www.groupon.com/
GrowthDot | ?? | ?? | ?? | ?? | ??
Higher Logic | Higher Logic, LLC | US | marketing-automation | known | https://www.higherlogic.com/
Hiretual | hireEZ (formerly Hiretual) | US | other | known | https://hireez.com/
Homeaway | Expedia Group, Inc. (Vrbo, formerly HomeAway) | US | other | known | https://www.expediagroup.com/
HubSpot | HubSpot, Inc. | US | marketing-automation | known | https://www.hubspot.com/
HubSpot Sales | HubSpot, Inc. | US | crm | known | https://www.hubspot.com/
Hunter.io / MailTrack | Mail Automation, Inc. (MailTracker, formerly run by Hunter) | US | other | known | https://www.getmailtracker.com/privacy
Hyper Hyper | ?? | AU | ?? | ?? | ??
iContact | Ziff Davis, Inc. (email marketing group with Campaigner, SMTP.com, Kickbox) | US | mail-platform | checked | https://campaigner.kinsta.cloud/legal/privacy-policy
Indeed | Recruit Holdings Co., Ltd. (Indeed, Inc.) | JP | other | known | https://recruit-holdings.com/
Inflection | Inflection.io, Inc. | US | marketing-automation | known | https://www.inflection.io/
Infobip | Infobip Ltd. | HR | mail-platform | known | https://www.infobip.com/
INFOnline | INFOnline GmbH | DE | analytics | known | https://www.infonline.de/
Insightly | Insightly, Inc. | US | crm | known | https://www.insightly.com/
Integral Ad Science | Integral Ad Science Holding Corp. | US | advertising | known | https://integralads.com/
Intercom | Intercom, Inc. | US | crm | known | https://www.intercom.com/
Inxmail | Inxmail GmbH | DE | mail-platform | known | https://www.inxmail.com/
Is-tracking-pixel-api-prod.appspot.com | ?? | ?? | ?? | ?? | ??
Iterable | Iterable, Inc. | US | marketing-automation | checked | https://www.flowconsent.com/en/services/advertising/iterable
Japan Railway | Central Japan Railway Company (EX service run with JR West) | JP | other | known | https://global.jr-central.co.jp/
Jeeng | PowerInbox Inc. (d/b/a Jeeng) | US | advertising | checked | https://www.jeeng.com/terms-of-use/
Keap (Infusionsoft) | Keap (Thryv Holdings, Inc.) | US | marketing-automation | known | https://keap.com/
Keychron | Keychron | ?? | other | ?? | https://www.keychron.com/
Kit (ConvertKit) | Kit (formerly ConvertKit), Boise, Idaho | US | mail-platform | checked | https://www.flowconsent.com/en/services/advertising/kit
Klaviyo | Klaviyo, Inc. | US | marketing-automation | checked | https://sec.gov/Archives/edgar/data/1835830/000183583024000022/kvyo-20231231.htm
LaunchBit | LaunchBit, Inc. (BuySellAds) | US | advertising | known | https://www.buysellads.com/
Lidl | Lidl Stiftung & Co. KG (Schwarz Gruppe) | DE | other | known | https://www.lidl.de/
LinkedIn | LinkedIn Corporation (Microsoft Corporation) | US | social | known | https://www.linkedin.com/
Litmus | Litmus Software, Inc. | US | analytics | known | https://www.litmus.com/
Liveclicker | Marigold (formerly CM Group) | US | marketing-automation | checked | https://consentstack.io/vendors/cm-group
LiveIntent | Zeta Global Holdings Corp. (LiveIntent, Inc.; acquired 2024) | US | advertising | checked | https://zetaglobal.com/privacy-policy/
LiveRamp | LiveRamp Holdings, Inc. | US | advertising | known | https://liveramp.com/
Locaweb | Locaweb Servicos de Internet S.A. | BR | mail-platform | known | https://www.locaweb.com.br/
LogDNA | Mezmo, Inc. (formerly LogDNA) | US | other | known | https://www.mezmo.com/
Magento | Adobe Inc. | US | other | known | https://business.adobe.com/products/magento/magento-commerce.html
Mailbird | Mailbird ApS | DK | other | known | https://www.getmailbird.com/
Mailbutler | Mailbutler GmbH | DE | other | known | https://www.mailbutler.io/
Mailcampaigns | MailCampaigns B.V. | NL | mail-platform | known | https://www.mailcampaigns.nl/
Mailcastr | ?? | ?? | mail-platform | ?? | ??
Mailchimp | Intuit Inc. | US | mail-platform | checked | https://www.sec.gov/Archives/edgar/data/896878/000089687822000028/R16.htm
MailCoral | ?? | ?? | ?? | ?? | ??
MailerLite | MailerLite (company based in Vilnius) | LT | mail-platform | known | https://www.mailerlite.com/
Mailgun | Sinch AB (Mailgun Technologies, Inc.) | SE | mail-platform | checked | https://sota.io/blog/mailgun-eu-alternative-2026-cloud-act-gdpr-sinch-transactional-email
MailInifinity | ?? | ?? | ?? | ?? | ??
Mailjet | Sinch AB (Mailjet SAS) | SE | mail-platform | checked | https://www.flowconsent.com/en/services/analytics/mailjet
Mailshake | Mailshake, LLC | US | crm | known | https://mailshake.com/
Mailspring | Foundry 376, LLC | US | other | known | https://getmailspring.com/
MailTag | ?? | ?? | other | ?? | https://digest.mailtag.io/to-text-or-not-to-text/
Mailtrack | The Mail Track Company, S.L. | ES | other | checked | https://mailtrack.io/en/privacy
Mailzter | ?? | IN | mail-platform | ?? | ??
Mandrill | Intuit Inc. (Mailchimp Transactional) | US | mail-platform | known | https://mailchimp.com/developer/transactional/
Mapp | Mapp Digital (formerly Webtrekk and Teradata Marketing) | US | marketing-automation | known | https://mapp.com/
Marketo | Adobe Inc. (Marketo Engage) | US | marketing-automation | checked | https://league.adobe.com/docs/experience-platform/destinations/catalog/adobe/marketo-engage-person-sync.html?lang=en
Maropost | Maropost Inc. | CA | marketing-automation | known | https://www.maropost.com/
Matomo | InnoCraft Ltd (Matomo Cloud; self-hosted Matomo is run by the sender) | NZ | analytics | checked | https://matomo.org/matomo-cloud-privacy-policy/
MDirector | Antevenio S.A. | ES | mail-platform | known | https://www.mdirector.com/
Medallia | Medallia, Inc. | US | analytics | known | https://www.medallia.com/
MediaMath | Infillion (bought MediaMath after its 2023 bankruptcy) | US | advertising | known | https://www.mediamath.com/
Mention | Mention Solutions SAS | FR | other | known | https://mention.com/
Mercari | Mercari, Inc. | JP | other | known | https://about.mercari.com/
MessageGears | MessageGears, LLC | US | mail-platform | known | https://messagegears.com/
Meta | Meta Platforms, Inc. | US | social | known | https://about.meta.com/
MetaData | Metadata, Inc. | US | advertising | known | https://metadata.io/
Microsoft | Microsoft Corporation | US | marketing-automation | known | https://www.microsoft.com/
Microsoft Defender Safe Links | Microsoft Corporation | US | security-scanner | known | https://learn.microsoft.com/defender-office-365/safe-links-about
Mimecast | Mimecast Limited | GB | security-scanner | known | https://www.mimecast.com/
Mixmax | Mixmax, Inc. | US | crm | known | https://www.mixmax.com/
Mixpanel | Mixpanel, Inc. | US | analytics | known | https://mixpanel.com/
Moneyforward | Money Forward, Inc. | JP | other | known | https://corp.moneyforward.com/en/
Monotype | Monotype Imaging Inc. | US | cdn | known | https://www.monotype.com/
Movable Ink | Movable Ink, Inc. | US | marketing-automation | known | https://movableink.com/
Mumara | ?? | ?? | mail-platform | ?? | https://www.mumara.com/
NationBuilder | 3DNA Corp. (NationBuilder) | US | crm | known | https://nationbuilder.com/
NeteCart | ?? | ?? | ?? | ?? | ??
Netflix | Netflix, Inc. | US | other | known | https://www.netflix.com/
NetHunt | NetHunt | ?? | crm | ?? | https://nethunt.com/
Neustar | Neustar, Inc. (TransUnion) | US | advertising | known | https://www.transunion.com/
Newegg | Newegg Commerce, Inc. | US | other | known | https://www.newegg.com/
NewtonHQ | ?? | ?? | other | ?? | ??
NTT | Nippon Telegraph and Telephone West Corporation | JP | other | known | https://www.ntt-west.co.jp/
Omnisend | Omnisend, UAB | LT | marketing-automation | checked | https://www.omnisend.com/partner-terms
Ongage | Ongage Ltd. | IL | mail-platform | known | https://www.ongage.com/
Open tracker (vendor unknown) | ?? | ?? | ?? | ?? | ??
OpenBracket | ?? | ?? | ?? | ?? | ??
OpenWork | OpenWork Inc. | JP | other | known | https://www.openwork.jp/
OpenX | OpenX Technologies, Inc. | US | advertising | known | https://www.openx.com/
Opicle | ?? | ?? | advertising | ?? | ??
Oracle | Oracle Corporation | US | marketing-automation | checked | https://consentstack.io/vendors/oracle-marketing-cloud
Oracle Eloqua | Oracle Corporation | US | marketing-automation | checked | https://consentstack.io/vendors/oracle-marketing-cloud
Oracle Responsys | Oracle Corporation | US | marketing-automation | checked | https://consentstack.io/vendors/oracle-marketing-cloud
Other platforms | various (Woodpecker, lemlist, Apollo.io, mkt.com) | ?? | crm | ?? | ??
OutMaster | ?? | ?? | ?? | ?? | ??
Outreach | Outreach Corporation | US | crm | known | https://www.outreach.io/
Parameter1 Email-X | Parameter1, LLC | US | advertising | known | https://www.parameter1.com/
Paved | Paved, Inc. | US | advertising | known | https://www.paved.com/
PayBack | PAYBACK GmbH (American Express) | DE | other | known | https://www.payback.net/
PayPal | PayPal Holdings, Inc. | US | other | known | https://www.paypal.com/
Paystone | Paystone Inc. | CA | other | known | https://www.paystone.com/
Paytm | One 97 Communications Limited | IN | other | known | https://paytm.com/
Peach Aviation | Peach Aviation Limited (ANA Holdings Inc.) | JP | other | known | https://www.flypeach.com/
Pepipost | Netcore Cloud Private Limited | IN | mail-platform | checked | https://netcorecloud.com/blog/pepiroute-an-easy-esp-switcher/
PersistIQ | PersistIQ, Inc. | US | crm | known | https://www.persistiq.com/
phpList | phpList Ltd (often self-hosted by the sender) | GB | mail-platform | known | https://www.phplist.com/
Pipedrive | Pipedrive OÜ | EE | crm | known | https://www.pipedrive.com/
Playdom | The Walt Disney Company | US | other | known | https://thewaltdisneycompany.com/
Plusgrade | Plusgrade | CA | other | known | https://www.plusgrade.com/
Pocket | Mozilla Corporation (Pocket) | US | other | known | https://getpocket.com/
Polymail | Polymail, Inc. | US | other | known | https://polymail.io/
Postmark | ActiveCampaign, LLC (bought Postmark from Wildbit in 2022) | US | mail-platform | checked | https://sota.io/blog/postmark-eu-alternative-2026-cloud-act-gdpr-activecampaign-transactional-email
Press Ganey | Press Ganey Associates LLC | US | analytics | known | https://www.pressganey.com/
ProlificMail | ?? | ?? | ?? | ?? | ??
Proofpoint URL Defense | Proofpoint, Inc. | US | security-scanner | known | https://www.proofpoint.com/
Qualtrics | Qualtrics International Inc. | US | analytics | known | https://www.qualtrics.com/
Quantcast | Quantcast Corporation | US | advertising | known | https://www.quantcast.com/
Quora | Quora, Inc. | US | social | known | https://www.quora.com/
Rabobank | Cooperatieve Rabobank U.A. | NL | other | known | https://www.rabobank.com/
Rakuten | Rakuten Group, Inc. | JP | other | known | https://global.rakuten.com/corp/
ReachMail | ReachMail, Inc. | US | mail-platform | known | https://www.reachmail.net/
ReadNotify | ?? | ?? | other | ?? | https://www.readnotify.com/
Reddit | Reddit, Inc. | US | social | known | https://www.redditinc.com/
ReplyCal | ?? | ?? | ?? | ?? | ??
ReplyMsg | ?? | ?? | ?? | ?? | ??
Responder.co.il | ?? | IL | mail-platform | ?? | https://www.responder.co.il/
Rewe | REWE Markt GmbH (REWE Group) | DE | other | known | https://www.rewe.de/
Rocketbolt | ?? | ?? | ?? | ?? | ??
Rule | Rule Communication Nordic AB | SE | mail-platform | known | https://www.rule.io/
Sailthru | Marigold (Sailthru, Inc.) | US | marketing-automation | checked | https://consentstack.io/vendors/cm-group
Salesforce | Salesforce, Inc. | US | crm | known | https://www.salesforce.com/
Salesforce Marketing Cloud | Salesforce, Inc. | US | marketing-automation | checked | https://experienceleague.adobe.com/docs/experience-platform/destinations/catalog/email-marketing/salesforce-marketing-cloud-account-engagement.html?lang=en
Salesforce Pardot | Salesforce, Inc. (Marketing Cloud Account Engagement) | US | marketing-automation | checked | https://salesforcedictionary.com/terms/pardot
SalesHandy | ?? | IN | crm | ?? | https://www.saleshandy.com/
SalesLoft | Salesloft, Inc. | US | crm | known | https://salesloft.com/
Segment | Twilio Inc. | US | analytics | known | https://segment.com/
Selligent | Marigold (Selligent, Inc.) | US | marketing-automation | checked | https://meetmarigold.com/archive-cmgroup-services-agreement/
SendGrid | Twilio Inc. | US | mail-platform | checked | https://seekingalpha.com/news/3397467-twilio-minus-4-percent-2b-purchase-sendgrid-send-plus-13_6-percent
SendGrid white label (beehiiv, Optimove) | Twilio Inc. (SendGrid) | US | mail-platform | checked | https://seekingalpha.com/news/3397467-twilio-minus-4-percent-2b-purchase-sendgrid-send-plus-13_6-percent
SendPulse | ?? | ?? | mail-platform | ?? | https://sendpulse.com/
Sendy | Sendy (self-hosted; the tracking host belongs to the sender) | ?? | mail-platform | ?? | https://sendy.co/
Shopify | Shopify Inc. | CA | mail-platform | known | https://www.shopify.com/
Signl | ?? | ?? | other | ?? | ??
Skillsoft | Skillsoft Corp. | US | other | known | https://www.skillsoft.com/
Slack | Slack Technologies, LLC (Salesforce, Inc.) | US | other | known | https://slack.com/
Smore | ?? | ?? | mail-platform | ?? | https://www.smore.com/
SMTP.com | Ziff Davis, Inc. (email marketing group with Campaigner, iContact, Kickbox) | US | mail-platform | checked | https://campaigner.kinsta.cloud/legal/privacy-policy
Snov.io | ?? | ?? | crm | ?? | https://snov.io/
Snowplow | Snowplow Analytics Ltd (collectors are usually run by the sender) | GB | analytics | known | https://snowplow.io/
Sophos Email | Sophos Ltd | GB | security-scanner | known | https://www.sophos.com/
Sovrn | Sovrn Holdings, Inc. | US | advertising | known | https://www.sovrn.com/
SparkPost | Bird (MessageBird B.V.; SparkPost Inc. is its US subsidiary) | NL | mail-platform | checked | https://sota.io/blog/sparkpost-eu-alternative-2026-cloud-act-gdpr-messagebird-bird-transactional-email
Splio | Splio SAS | FR | marketing-automation | known | https://splio.com/
Sprinklr | Sprinklr, Inc. | US | marketing-automation | known | https://www.sprinklr.com/
Squarespace | Squarespace, Inc. | US | mail-platform | known | https://www.squarespace.com/
Staples | Staples, Inc. | US | other | known | https://www.staples.com/
Steam | Valve Corporation | US | other | known | https://store.steampowered.com/
Step Coupon | ?? | ?? | ?? | ?? | ??
Streak | Rewardly, Inc. (Streak) | US | crm | known | https://www.streak.com/
Substack | Substack, Inc. | US | mail-platform | known | https://substack.com/
Superhuman | Grammarly, Inc. (acquired Superhuman in 2025) | US | other | known | https://superhuman.com/
Taguchi | Taguchi Marketing Pty Ltd | AU | mail-platform | known | https://www.taguchi.com.au/
TataDocomoBusiness | Tata Teleservices Limited | IN | other | known | https://www.tatatelebusiness.com/
Techgig | Times Internet Limited | IN | other | known | https://www.techgig.com/
Telstra | Telstra Group Limited | AU | other | known | https://www.telstra.com.au/
The Atlantic | The Atlantic Monthly Group LLC | US | other | known | https://www.theatlantic.com/
The Chronicle of Higher Education | The Chronicle of Higher Education, Inc. | US | other | known | https://www.chronicle.com/
The Washington Post | WP Company LLC | US | other | known | https://www.washingtonpost.com/
TheTopInbox | ?? | ?? | other | ?? | ??
Thunderhead | Thunderhead | GB | marketing-automation | known | https://www.thunderhead.com/
Tinyletter | Intuit Inc. (Mailchimp; service closed in 2024) | US | mail-platform | known | https://mailchimp.com/
ToutApp | Adobe Inc. (via Marketo) | US | crm | known | https://www.adobe.com/
Track | ?? | ?? | ?? | ?? | ??
Traverse | ?? | ?? | advertising | ?? | ??
Trend Micro | Trend Micro Incorporated | JP | security-scanner | known | https://www.trendmicro.com/
Tripolis | Tripolis Solutions B.V. | NL | mail-platform | known | https://www.tripolis.com/
TrustYou | TrustYou GmbH | DE | analytics | known | https://www.trustyou.com/
Twitch | Twitch Interactive, Inc. (Amazon.com, Inc.) | US | social | known | https://www.twitch.tv/
Twitter | X Corp. | US | social | known | https://x.com/
Udacity | Udacity, Inc. (Accenture) | US | other | known | https://www.udacity.com/
UNiDAYS | MyUniDays Ltd | GB | other | known | https://www.myunidays.com/
Unsplash | Getty Images Holdings, Inc. (Unsplash) | US | other | known | https://unsplash.com/
Upland PostUp | Upland Software, Inc. | US | mail-platform | checked | https://capedge.com/filing/1505155/0001505155-19-000061/UPLD-10Q-2019Q2/file/79/data
Upwork | Upwork Inc. | US | other | known | https://www.upwork.com/
US Bancorp | U.S. Bancorp | US | other | known | https://www.usbank.com/
User.com | User.com | PL | marketing-automation | known | https://user.com/
Validity | Validity, Inc. (owns former Return Path) | US | analytics | checked | https://www.wordtothewise.com/2019/06/end-of-an-era-2
Varibase | ?? | ?? | ?? | ?? | ??
Vcommission | vCommission | IN | advertising | known | https://www.vcommission.com/
Verizon | Verizon Communications Inc. | US | other | known | https://www.verizon.com/
VinSolutions | VinSolutions (Cox Automotive) | US | crm | known | https://www.vinsolutions.com/
Vinted | Vinted UAB | LT | other | known | https://www.vinted.com/
Vtiger | Vtiger | ?? | crm | ?? | https://www.vtiger.com/
Walmart | Walmart Inc. | US | other | known | https://corporate.walmart.com/
We Are Web | ?? | ?? | ?? | ?? | ??
WhatCounts | WhatCounts, Inc. | US | mail-platform | checked | http://www.magillreport.com/Oh-Sure-Its-all-Hugs-and-Kisses-Now/
WildApricot | Wild Apricot Inc. (Personify) | CA | crm | known | https://www.wildapricot.com/
Windscribe | Windscribe Limited | CA | other | known | https://windscribe.com/
Wise | Wise plc | GB | other | known | https://wise.com/
Wish | Qoo10 Pte. Ltd. (Wish, bought from ContextLogic in 2024) | SG | other | known | https://www.wish.com/
Wix | Wix.com Ltd. | IL | mail-platform | known | https://www.wix.com/
WordPress | Automattic Inc. | US | analytics | known | https://automattic.com/
Workona | Workona | US | other | known | https://workona.com/
Xandr (Microsoft) | Microsoft Corporation | US | advertising | known | https://www.microsoft.com/
Yahoo | Yahoo Inc. | US | advertising | known | https://www.yahooinc.com/
Yahoo! Japan | LY Corporation | JP | advertising | known | https://www.lycorp.co.jp/en/
YAMM | Talarian SAS (YAMM) | FR | mail-platform | known | https://yamm.com/
Yardi | Yardi Systems, Inc. | US | crm | known | https://www.yardi.com/
Yesware | Yesware, Inc. | US | crm | known | https://www.yesware.com/
YouTube | Google LLC (Alphabet Inc.) | US | social | known | https://www.youtube.com/
Zendesk Sell | Zendesk, Inc. | US | crm | known | https://www.zendesk.com/sell/
Zeta Global | Zeta Global Holdings Corp. | US | marketing-automation | known | https://zetaglobal.com/
Zoho | Zoho Corporation Pvt. Ltd. | IN | mail-platform | known | https://www.zoho.com/
"""#
}
