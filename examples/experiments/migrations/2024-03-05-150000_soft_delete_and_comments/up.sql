-- Soft delete, a renamed column, new enum values, and documentation.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE users RENAME COLUMN name TO display_name;
ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(320);
ALTER TABLE projects ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE experiments ADD COLUMN deleted_at TIMESTAMPTZ;

ALTER TABLE experiments RENAME COLUMN state TO status;
ALTER INDEX experiments_project_id_state_idx RENAME TO experiments_project_id_status_idx;
ALTER TYPE experiment_status ADD VALUE 'paused' AFTER 'running';
ALTER TYPE membership_role ADD VALUE 'admin' BEFORE 'member';

COMMENT ON TABLE experiments IS 'An A/B test run inside one project';
COMMENT ON COLUMN experiments.deleted_at IS 'Soft delete: set instead of deleting the row';
COMMENT ON COLUMN variants.weight IS 'Relative share of traffic among the experiment''s variants';
