// The document bank's services, as server/domain/index.ts exposes them.
export { uploadDocument, uploadVersion, deleteDocument } from "./upload.service";
export { listDocuments } from "./list.service";
export { getDocument, openDownload, listUploadPlaces, uploadLimits } from "./document.service";
export { stageBuffer } from "./staging";
