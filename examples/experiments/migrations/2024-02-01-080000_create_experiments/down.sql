DROP TABLE metrics;
DROP TABLE variants;
DROP TABLE experiments;
DROP TYPE experiment_status;
