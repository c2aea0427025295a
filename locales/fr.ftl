# Le site de Partage en français.

meta-language-name = Français
meta-chrono-locale = fr_FR
meta-og-locale = fr_FR
format-date = %A %-d %B %Y
format-month = %B %Y
format-time = %H:%M
format-decimal-separator = ,

skip-to-content = Aller au contenu
nav-label = Menu principal
nav-home = Accueil
nav-directory = Annuaire
nav-events = Événements
nav-map = Carte
nav-network = Réseau
language-switch = Langue

footer-follow = Suivez cette antenne depuis Mastodon ou tout serveur du fédivers :
footer-activitypub = Profil ActivityPub
footer-data = Données ouvertes :
footer-powered = Propulsé par Partage, logiciel libre (AGPL-3.0-or-later).
feed-atom = Initiatives et événements nouveaux ou modifiés (Atom)
feed-ics = Événements à venir (iCalendar)

home-languages = Langues :
home-follow-title = Suivez-nous depuis le fédivers
home-follow-text = Cherchez cet identifiant dans Mastodon (ou toute application du fédivers) et abonnez-vous : les nouvelles initiatives et les prochains événements apparaîtront dans votre fil.
home-copy = Copier
home-copied = Copié !
home-follow-instance = Votre serveur
home-follow-button = Suivre depuis mon serveur
home-upcoming = Prochains événements
home-newest = Nouvelles initiatives
home-all-events = Tous les événements
home-all-initiatives = Tout l'annuaire

directory-title = Annuaire
directory-search-title = Recherche : { $q }
directory-description = Repair cafés, outilthèques, coopératives alimentaires, tiers-lieux et plus encore, autour de nous et dans tout le réseau.
directory-count = { $count ->
    [0] Aucune initiative ne correspond
    [one] Une initiative
   *[other] { $count } initiatives
}
directory-count-more = Plus de { $count } initiatives
directory-none = Rien pour l'instant : essayez avec moins de filtres.
directory-download = Télécharger ces résultats :

filter-text = Recherche
filter-text-placeholder = repair café, vélo, jardin…
filter-category = Catégorie
filter-any = Toutes
filter-tag = Mot-dièse
filter-near = Près de
filter-near-placeholder = une ville, un code postal, ou latitude,longitude
filter-near-me = Autour de moi
filter-radius = Dans un rayon de
filter-from = Du
filter-to = Au
filter-origin = Provenance
filter-origin-all = Cette antenne et le réseau
filter-origin-local = Cette antenne seulement
filter-origin-network = Le réseau seulement
filter-open-now = Ouvert maintenant
filter-submit = Filtrer
filter-reset = Réinitialiser

pagination = Pages
pagination-previous = Précédente
pagination-next = Suivante
pagination-page = Page { $page } sur { $pages }
pagination-page-of-many = Page { $page }

origin-from = Depuis le réseau :
origin-follow = La suivre :
status-paused = En pause pour l'instant
status-closed = Fermé définitivement
status-active = Active

hours-open = Ouvert maintenant
hours-open-until = Ouvert · ferme à { $time }
hours-opens-today = Fermé · ouvre aujourd'hui à { $time }
hours-opens-on = Fermé · ouvre { $day } à { $time }
hours-closed = Fermé
hours-closed-day = fermé

initiative-address = Adresse
initiative-hours = Horaires
initiative-website = Site web
initiative-email = Courriel
initiative-phone = Téléphone
initiative-languages = Langues
initiative-calendar = Ses événements dans votre agenda (.ics)
initiative-events = Prochains événements

events-title = Événements
events-description = Ateliers, rencontres et séances de réparation : ce qui se prépare autour de nous et dans tout le réseau.
events-views = Affichage
events-agenda = Agenda
events-month = Mois
events-count = { $count ->
    [0] Aucun événement à venir ne correspond
    [one] Un événement
   *[other] { $count } événements
}
events-count-more = Plus de { $count } événements
events-none = Aucun événement à venir.
events-subscribe = S'abonner à ces événements (.ics)

event-online = En ligne
event-place = Lieu
event-initiative = Organisé par
event-capacity = Places
event-registration = Inscription
event-register = S'inscrire
event-add-to-calendar = Ajouter à mon agenda (.ics)
event-cancelled = Annulé
event-postponed = Reporté

map-title = Carte
map-label = Carte
map-legend-initiatives = Initiatives
map-legend-events = Événements à venir
map-noscript = La carte a besoin de JavaScript ; l'annuaire liste les mêmes lieux.

network-title = Réseau
network-intro = Les antennes que celle-ci suit et montre dans son annuaire, et celles qui la suivent.
network-following = Antennes suivies
network-followers = Antennes qui nous suivent
network-none = Aucune pour l'instant.
network-counts = { $initiatives } initiatives, { $events } événements
network-browse = Voir leurs fiches
network-pending = en attente de leur réponse

error-bad-query = Quelque chose ne va pas dans l'adresse
error-bad-query-text = Veuillez vérifier :
error-not-found = Introuvable
error-not-found-text = Il n'y a rien à cette adresse.
error-gone = Supprimé
error-gone-text = Cette page a été supprimée.
error-internal = Une erreur est survenue
error-internal-text = Nous n'avons pas pu afficher cette page. Réessayez dans un instant.
error-home = Retour à l'accueil

category-mobility = Mobilité
category-food = Alimentation
category-housing = Habitat
category-spaces = Lieux partagés
category-goods = Objets
category-repair = Réparation
category-skills = Savoirs
category-finance = Finance
category-energy = Énergie
category-culture = Culture
category-digital = Communs numériques
category-care = Entraide
