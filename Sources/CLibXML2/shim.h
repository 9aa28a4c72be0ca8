/* The one header through which Swift sees libxml2.
 *
 * Debian's libxml2 is built with ICU, so <libxml/encoding.h> pulls in the system <unicode/ucnv.h>,
 * which clashes with Foundation's own ICU module in clean debug builds ("'U_MF_…' from module
 * '_FoundationICU' is not present in definition of 'enum UErrorCode'"). Defining the include guard
 * and the two opaque types libxml2 needs keeps struct layouts unchanged (MEASURED.md §1).
 * SwiftPM does not rebuild after an edit here: delete .build after changing this file. */
#ifndef DIARIUM_CLIBXML2_SHIM_H
#define DIARIUM_CLIBXML2_SHIM_H
#include <stdint.h>
#define UCNV_H
typedef struct UConverter UConverter;
typedef uint16_t UChar;
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer that Swift 6 rejects as not concurrency-safe. */
static inline void clibxml2_free(void *p) { if (p) xmlFree(p); }
#endif
