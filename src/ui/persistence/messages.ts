/** What the page says when it cannot keep the user's work. */
import type { Notice } from '../store/noticesSlice';

export const storageMessages = {
  unavailable: (): Notice => ({
    id: 'storage-unavailable',
    message:
      'This browser does not let the page store data, so your YAML and settings will not survive a reload. Keep a copy of anything you want to keep.',
  }),
  scenarioUnreadable: (copyKey: string): Notice => ({
    id: 'scenario-unreadable',
    message: `The YAML saved in this browser could not be read (the stored copy is damaged), so the example is shown. The damaged copy is kept in localStorage under "${copyKey}".`,
  }),
  settingsUnreadable: (copyKey: string): Notice => ({
    id: 'settings-unreadable',
    message: `The cluster settings saved in this browser could not be read, so the defaults are in effect. The damaged copy is kept in localStorage under "${copyKey}".`,
  }),
  flowsUnreadable: (copyKey: string): Notice => ({
    id: 'flows-unreadable',
    message: `The list of flows saved in this browser could not be read, so the page starts with one flow. The damaged copy is kept in localStorage under "${copyKey}".`,
  }),
  saveFailed: (quota: boolean): Notice => ({
    id: 'save-failed',
    message: quota
      ? "Your work could not be saved in this browser: its storage for this page is full. It stays on screen, but will not survive a reload."
      : 'Your work could not be saved in this browser, so it will not survive a reload. It stays on screen.',
  }),
};
