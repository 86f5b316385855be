import { Notification } from 'electron';
import type { AlertNotifier } from '../agents';

/**
 * New agent alerts as one desktop notification per run: the first alert's words and how many
 * more there are (the inbox has them all). Nothing when the desktop has no notification service.
 */
export function desktopAlertNotifier(): AlertNotifier {
  return (_profileId, alerts) => {
    const [first] = alerts;
    if (first === undefined || !Notification.isSupported()) return;
    const more = alerts.length - 1;
    new Notification({
      title: `${first.agentName}: ${alerts.length} new alert${alerts.length === 1 ? '' : 's'}`,
      body: more === 0 ? first.message : `${first.message}\n…and ${more} more in Alerts.`,
    }).show();
  };
}
