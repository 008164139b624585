"""Workers' voice (三单), pioneered by Qingtongxia: a worker's complaint (抱怨单), the enterprise
union's demand order (企业服务需求订单) and the federation's acceptance form (工会维权服务受理单)
with its working-day deadline, reminders and escalation; the notices each worker is told, and
the yearly figures."""
