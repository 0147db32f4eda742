// Moderation services (flags, review queue, actions, suspensions, audit log).
export {};
