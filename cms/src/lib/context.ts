/** A file of a multipart request, as Strapi's body parser (formidable) hands it over. */
export interface UploadedFile {
  size: number;
  filepath?: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  type?: string | null;
}

/** The signed-in site user as users-permissions puts it on the request. */
export interface SiteUser {
  id: number;
  username: string;
  email: string;
}
