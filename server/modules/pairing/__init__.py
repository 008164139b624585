"""Master-apprentice pairing (名师带高徒): programmes over an org subtree, masters and apprentices
drawn from the orgs module's members, officers' locks and forbids, an optimal and explained
proposal from a pure solver, and the agreements (师徒协议) it becomes, with their progress notes
and outcomes; a raised level is the member's level in orgs too."""
