// The expert directory: verified experts and expert groups, with figures from public content only.
export { getExpertProfile, listExpertGroups, listExperts } from "./experts.service";
