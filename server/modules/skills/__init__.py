"""五位一体技能提升 Yinchuan's five-in-one skills pipeline: training (the course catalogue, topic-based
projects and their review, course orders, off-hours sessions, the trainer pool and its bookings,
attendance), drills, competitions, certificates that raise a member's level, and rewards (versioned
rules, honours, reward runs paid through welfare's disbursement engine)."""
