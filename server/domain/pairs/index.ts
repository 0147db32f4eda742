// Pairs of officials: requests, the pair and its private space, suggestions and the directory.
export { cancelPairRequest, endPair, getPair, listMyPairRequests, listMyPairs, loadVisiblePair, respondToPairRequest, sendPairRequest } from "./pairs.service";
export { inviteExpert, removeExpert } from "./pair-space.service";
export { suggestPartners } from "./suggestions.service";
export { listPairDirectory, pairDirectoryFacets } from "./directory.service";
