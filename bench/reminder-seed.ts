import { postJson, startApp } from './bench-support.js';

/** The email reminder both the messaging and the worker benches send. */
export const EMAIL_SUBJECT = 'Reminder: {{ event_title }} on {{ event_date }}';
export const EMAIL_BODY =
  '<p>Dear {{ client_full_name }},</p><p>{{ event_title }} ({{ case_title }}) starts {{ event_date }} at {{ event_time }} {{ event_timezone }}.</p><p><a href="{{ video_link }}">Join</a></p><p>{{ firm_name }}</p>';

/**
 * `total / 1000` email rules x 10 shared events x 100 clients on each event's case, planned by the
 * app itself through the API, due in ten days.
 */
export async function seedDeliveries(databaseUrl: string, total: number, emailPrefix: string): Promise<void> {
  const { app, url } = await startApp({ DATABASE_URL: databaseUrl });
  try {
    const signup = await postJson(`${url}/api/v1/auth/signup`, {
      firmName: 'Bench LLP',
      name: 'B',
      email: `${emailPrefix}-${Date.now()}@example.test`,
      password: 'bench-password-123',
    });
    const headers = { authorization: `Bearer ${signup.json.accessToken as string}` };
    const clientIds: string[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await postJson(
        `${url}/api/v1/clients`,
        { firstName: `Client${i}`, lastName: 'Bench', email: `client-${i}@example.test`, timezone: 'America/New_York' },
        headers,
      );
      clientIds.push(res.json.id as string);
    }
    for (let i = 0; i < Math.ceil(total / 1000); i++) {
      const template = await postJson(
        `${url}/api/v1/messaging/templates`,
        { channel: 'email', name: `T${i}`, subject: EMAIL_SUBJECT, body: EMAIL_BODY },
        headers,
      );
      await postJson(
        `${url}/api/v1/messaging/reminder-rules`,
        { templateId: template.json.id, offsetMinutes: 60 + i },
        headers,
      );
    }
    for (let i = 0; i < 10; i++) {
      const legalCase = await postJson(`${url}/api/v1/cases`, { title: `Case ${i}`, clientIds }, headers);
      const event = await postJson(
        `${url}/api/v1/cases/${legalCase.json.id as string}/events`,
        {
          title: `Hearing ${i}`,
          startsAt: new Date(Date.now() + 10 * 86_400_000 + i * 3_600_000).toISOString(),
          timezone: 'America/New_York',
          sharedWithClients: true,
          videoLink: `https://zoom.us/j/8574606${String(1000 + i)}?pwd=bench`,
        },
        headers,
      );
      if (event.status !== 201) throw new Error(`event ${event.status}`);
    }
  } finally {
    await app.close();
  }
}
