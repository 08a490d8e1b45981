"""The course pages: the catalogue (staff) and the learner's path (enrol, register,
results, certificates)."""
