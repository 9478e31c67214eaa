/**
 * Where the page keeps the user's work in this browser (localStorage). The version is in
 * the key: a later format gets new keys and can read these ones to migrate.
 */
export const SCENARIO_KEY = 'kpp:v1:scenario';
export const SETTINGS_KEY = 'kpp:v1:settings';
/** The flows of the scenario and which one is shown. */
export const FLOWS_KEY = 'kpp:v1:flows';

/** Where an unreadable stored value is copied before the page saves over it. */
export const unreadableCopyKey = (key: string): string => `${key}:unreadable`;

/** The part of the Web Storage API the page uses; tests pass a Map-backed one. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;
