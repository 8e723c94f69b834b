COMMENT ON COLUMN variants.weight IS NULL;
COMMENT ON COLUMN experiments.deleted_at IS NULL;
COMMENT ON TABLE experiments IS NULL;
ALTER INDEX experiments_project_id_status_idx RENAME TO experiments_project_id_state_idx;
ALTER TABLE experiments RENAME COLUMN status TO state;
ALTER TABLE experiments DROP COLUMN deleted_at;
ALTER TABLE projects DROP COLUMN deleted_at;
ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(255);
ALTER TABLE users RENAME COLUMN display_name TO name;
ALTER TABLE users DROP COLUMN deleted_at;
-- Enum values cannot be removed in PostgreSQL without rebuilding the type.
