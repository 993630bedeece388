-- 008: the manager's audit page (/staff/audit) lists case events newest
-- first, narrowed by the staff member who made them: an index from the
-- actor to the time, so that one member's events are read in order
-- (case_events_case serves the case filter, case_events_at the dates).
ALTER TABLE case_events
  ADD KEY case_events_actor (actor_kind, actor_id, at);
