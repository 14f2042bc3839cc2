/**
 * What Identity answers other modules about its people, as plain data: they never read its tables
 * or import its entities (eslint.config.js), only these shapes, through its exported services.
 */

/** Where a message to a client can go, as the client's record says now. */
export interface ClientContact {
  id: string;
  firmId: string;
  email: string | null;
  phone: string | null;
  smsOptIn: boolean;
}

/** A client as a message about them is written: their contact details, name and zone. */
export interface ClientProfile extends ClientContact {
  firstName: string;
  lastName: string;
  timezone: string | null;
}

/** A case as a message about it is written: its title and who its clients are. */
export interface CaseSummary {
  id: string;
  firmId: string;
  title: string;
  clientIds: string[];
}

/** A client on a case. */
export interface CaseClientContact {
  caseId: string;
  client: ClientContact;
}

/** A current member of a firm's staff. */
export interface StaffMemberRef {
  id: string;
  firmId: string;
}
