// openclaw-provision: turns a declarative spec into a ready OpenClaw state directory.
#include "provision/provision_main.h"

int main(int argc, char** argv) { return openclaw::provision::provision_main(argc, argv); }
