import { ApiProperty } from '@nestjs/swagger';

/** The shapes the Zoom routes answer with (zoom-connection.service.ts makes them); here for the OpenAPI document. */
export class ZoomCardDto {
  @ApiProperty({ enum: ['zoom'] }) provider!: 'zoom';
  @ApiProperty({
    description: 'false unless ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are both set: then there is no Connect',
  })
  available!: boolean;
  @ApiProperty({ enum: ['not_connected', 'connected', 'reconnect_needed'] }) status!:
    'not_connected' | 'connected' | 'reconnect_needed';
  @ApiProperty({ type: String, nullable: true, description: 'the connected Zoom account email' }) accountEmail!:
    string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) connectedAt!: string | null;
  @ApiProperty({ description: 'available, and the caller has team_settings and an active subscription' })
  canConnect!: boolean;
}

export class ZoomAuthorizeDto {
  @ApiProperty({
    description: "Zoom's consent page: the browser goes there (the answer also sets the flow's binding cookie)",
  })
  authorizeUrl!: string;
}

export class ZoomDisconnectedDto {
  @ApiProperty({ enum: ['not_connected'] }) status!: 'not_connected';
  @ApiProperty({ description: 'whether Zoom confirmed the revoke; the stored credential is deleted either way' })
  revoked!: boolean;
}

export class ZoomMeetingDto {
  @ApiProperty({ example: '85746065432', description: 'decimal digits' }) meetingId!: string;
  @ApiProperty({ example: 'https://zoom.us/j/85746065432' }) joinUrl!: string;
  @ApiProperty({ type: String, nullable: true }) passcode!: string | null;
}
