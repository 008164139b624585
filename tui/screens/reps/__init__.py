"""四制 The worker representatives' screens (server module `reps`): elections, the roll,
evaluations, proposals."""
