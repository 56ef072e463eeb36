-- Sessions now live in tower-sessions' own table (created by its sqlx store).
DROP TABLE sessions;
