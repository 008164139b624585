"""The region's screens: the dashboard of figures across tenants (and module adoption) and the
yearly innovation review's board. They belong to no module: the platform admin and the reviewers
find them under the region, a tenant's admin its rollup and its nominations under the tenant."""
