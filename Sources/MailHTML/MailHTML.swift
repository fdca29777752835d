// MailHTML: an HTML5 tokenizer with byte spans, a CSS load scanner, and the load rewriter
// that removes or rewrites remote loads in mail HTML. Imports nothing else of ours.
