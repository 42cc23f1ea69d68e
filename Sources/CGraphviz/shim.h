// What Swift cannot call on Graphviz directly: the length type of gvRenderData changed in Graphviz 13.
#ifndef SHAREGRAPH_CGRAPHVIZ_SHIM_H
#define SHAREGRAPH_CGRAPHVIZ_SHIM_H

#include <stddef.h>
#include <graphviz_version.h>
#include <gvc.h>
#include <cgraph.h>

/// gvRenderData with a size_t length on every Graphviz version (unsigned int before 13, size_t since).
static inline int sharegraph_render_data(GVC_t *gvc, graph_t *g, const char *format, char **result, size_t *length) {
#if defined(GRAPHVIZ_VERSION_MAJOR) && GRAPHVIZ_VERSION_MAJOR >= 13
    return gvRenderData(gvc, g, format, result, length);
#else
    unsigned int count = 0;
    int status = gvRenderData(gvc, g, format, result, &count);
    *length = (size_t)count;
    return status;
#endif
}

#endif
