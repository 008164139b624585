"""五位一体 skills: the federation's review queue of training projects, a trainer's booking
calendar, and reward runs (preview, approval, live payment progress)."""
