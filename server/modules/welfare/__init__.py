"""送温暖与救助 Welfare & relief: the hardship registry (困难职工档案), relief campaigns and
applications, and the disbursement engine, the one way money leaves the system (a batch of
payouts, each paid at most once through a payment channel and reconciled)."""
