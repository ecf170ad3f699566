/* actor.h - who acts in a domain call: the user, their primary organisation
 * and their role, as the API or CLI authenticated them. user 0 = system. */
#ifndef TB_DOMAIN_ACTOR_H
#define TB_DOMAIN_ACTOR_H

#include <stdint.h>

struct actor { int64_t user_id, org_id; const char *role; };

#endif
