"""四制 Qingtongxia's four systems for worker representatives (职工代表): the workers' congress and its
seats by constituency, elections at 1:2 (竞选制), standing tenure with duty time, allowances and
training (常任制), the anonymous satisfaction evaluation and recall (评估制), rewards (奖励制), and
the representatives' proposals (提案) with their outcomes."""
