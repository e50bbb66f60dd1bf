// Contacts. Default properties: https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
// Defaults of a read: https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm
import {
  buildOptions,
  datetime,
  industryProperty,
  LEAD_STATUSES,
  lifecycleProperty,
  num,
  ownerProperty,
  select,
  systemProperties,
  text,
} from '../property-definitions.ts';
import { defineObjectType } from './define.ts';

export const contacts = defineObjectType({
  name: 'contacts',
  singular: 'contact',
  objectTypeId: '0-1',
  groups: [
    ['contactinformation', 'Contact information'],
    ['emailinformation', 'Email information'],
    ['analyticsinformation', 'Web analytics history'],
    ['conversioninformation', 'Conversion information'],
    ['sales_properties', 'Sales properties'],
  ],
  properties: [
    ...systemProperties('contactinformation', 'lastmodifieddate'),
    datetime('createdate', 'Create Date', 'contactinformation'),
    datetime('hs_lastmodifieddate', 'Object last modified date/time', 'contactinformation', true),
    { ...text('email', 'Email', 'contactinformation'), hasUniqueValue: true },
    text('firstname', 'First Name', 'contactinformation'),
    text('lastname', 'Last Name', 'contactinformation'),
    text('jobtitle', 'Job Title', 'contactinformation'),
    text('company', 'Company Name', 'contactinformation'),
    { ...text('phone', 'Phone Number', 'contactinformation'), fieldType: 'phonenumber' },
    text('country', 'Country/Region', 'contactinformation'),
    text('city', 'City', 'contactinformation'),
    text('website', 'Website URL', 'contactinformation'),
    select(
      'numemployees',
      'Number of Employees',
      'contactinformation',
      buildOptions(
        ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'].map(
          (range) => [range, range] as const,
        ),
      ),
    ),
    text('annualrevenue', 'Annual Revenue', 'contactinformation'),
    industryProperty('contactinformation'),
    lifecycleProperty('contactinformation'),
    select('hs_lead_status', 'Lead Status', 'sales_properties', buildOptions(LEAD_STATUSES)),
    ownerProperty('contactinformation'),
    num('hs_analytics_num_page_views', 'Number of Pageviews', 'analyticsinformation', true),
    num('hs_analytics_num_visits', 'Number of Sessions', 'analyticsinformation', true),
    datetime('hs_analytics_last_visit_timestamp', 'Time of Last Session', 'analyticsinformation'),
    num('num_conversion_events', 'Number of Form Submissions', 'conversioninformation', true),
    datetime('recent_conversion_date', 'Recent Conversion Date', 'conversioninformation', true),
    datetime('first_conversion_date', 'First Conversion Date', 'conversioninformation', true),
    datetime('hs_email_last_open_date', 'Last marketing email open date', 'emailinformation'),
    datetime('hs_email_last_click_date', 'Last marketing email click date', 'emailinformation'),
    datetime('hs_email_last_send_date', 'Last marketing email send date', 'emailinformation'),
    num('num_associated_deals', 'Number of Associated Deals', 'contactinformation', true),
    datetime('hs_lifecyclestage_customer_date', 'Became a Customer Date', 'contactinformation'),
  ],
  defaultReturned: [
    'createdate',
    'email',
    'firstname',
    'hs_object_id',
    'lastmodifieddate',
    'lastname',
  ],
  alwaysReturned: ['hs_object_id', 'createdate', 'lastmodifieddate'],
  lastModified: ['lastmodifieddate', 'hs_lastmodifieddate'],
  // https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/guide (lifecycle stage)
  forwardOnlyLifecycleProperty: 'lifecyclestage',
  eventType: 'contact',
  associations: [
    ['companies', 279, 280, null, true],
    ['companies', 1, 2, 'Primary', false],
    // Contact to contact (449, its own inverse): the base of contact↔contact labels such as the
    // product's "Reports to" / "Manager of". AssociationTypes.contactToContact in @hubspot/api-client.
    ['contacts', 449, 449, null, true],
  ],
});
