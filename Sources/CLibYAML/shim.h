// libyaml from the system (Debian's libyaml-dev, pkg-config yaml-0.1), for the YAML composer: its
// own library, not a package's internal copy that a release of that package could change.
#ifndef SHAREGRAPH_CLIBYAML_SHIM_H
#define SHAREGRAPH_CLIBYAML_SHIM_H

#include <yaml.h>

#endif
