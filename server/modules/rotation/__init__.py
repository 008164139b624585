"""基层工会主席轮值 Xixia's rotating grassroots union chair: a rotation area (an org subtree with its
party-mass activity centre and bookable activity platforms), the rotating chair and vice chairs,
the roster of rotation slots (generated fairly, published, changed by swaps with history), each
slot's work (monthly work plans, joint meetings, major issues, themed activity series), the year's
activity themes, the activity log and the worker visits the rotating chair receives."""
