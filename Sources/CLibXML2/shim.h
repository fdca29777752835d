#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

/// xmlFree is a global function pointer, which Swift 6 treats as shared mutable state.
static inline void tl_xml_free(void *p) { xmlFree(p); }
