// Group services (groups, memberships, invitations, join requests, expert group queues).
export {};
